import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { ComplexityMetrics, PatternOutcome } from './learning.types.js';

/**
 * Events of the `learning_<kind>-<id>` streams, schema version 1. Every record event names its
 * record and organization, who recorded it and when; `pipelineId` (null when written by hand) ties
 * it to the run that taught it.
 */
interface Recorded {
  organizationId: string;
  by: Actor;
  at: string;
}

export type FailureRecorded = DomainEvent<
  'FailureRecorded',
  Recorded & { failureId: string; feature: string; approach: string; whyFailed: string; lesson: string; pipelineId: string | null }
>;

export type EstimateRecorded = DomainEvent<
  'EstimateRecorded',
  Recorded & {
    estimateId: string;
    feature: string;
    estimatedSessions: number;
    /** Set when the estimate is recorded after the work (a finished pipeline run). */
    actualSessions: number | null;
    complexity: number;
    filesCreated: number | null;
    filesModified: number | null;
    notes: string | null;
    pipelineId: string | null;
  }
>;

/** The work is done: how many sessions it actually took. */
export type EstimateCompleted = DomainEvent<'EstimateCompleted', { estimateId: string; actualSessions: number; by: Actor; at: string }>;

export type RetrospectiveRecorded = DomainEvent<
  'RetrospectiveRecorded',
  Recorded & {
    retrospectiveId: string;
    pipelineId: string | null;
    feature: string;
    surprises: string;
    wouldChange: string;
    newPatterns: string[];
    spikeAccuracy: number | null;
  }
>;

export type SpikeRecorded = DomainEvent<
  'SpikeRecorded',
  Recorded & {
    spikeId: string;
    feature: string;
    question: string;
    approach: string;
    result: string;
    viable: boolean;
    lessons: string;
    timeSpentMinutes: number;
    pipelineId: string | null;
  }
>;

export type ComplexitySnapshotRecorded = DomainEvent<
  'ComplexitySnapshotRecorded',
  Recorded & { snapshotId: string; file: string; metrics: ComplexityMetrics }
>;

/** A file's complexity score grew by more than the trend limit over its window (see complexity.decider). */
export type ComplexityWarningStarted = DomainEvent<
  'ComplexityWarningStarted',
  {
    organizationId: string;
    file: string;
    snapshotId: string;
    fromScore: number;
    toScore: number;
    growth: number;
    window: number;
    at: string;
  }
>;

/** The file's growth over its window is back within the limit. */
export type ComplexityWarningCleared = DomainEvent<
  'ComplexityWarningCleared',
  { organizationId: string; file: string; snapshotId: string; growth: number; at: string }
>;

export type PatternUsageRecorded = DomainEvent<
  'PatternUsageRecorded',
  Recorded & {
    usageId: string;
    pattern: string;
    pipelineId: string | null;
    file: string | null;
    outcome: PatternOutcome;
    complianceScore: number | null;
  }
>;

/** A fetch of a library version's documentation; a later one for the same library and version replaces the cached content. */
export type DocsCached = DomainEvent<
  'DocsCached',
  Recorded & { entryId: string; library: string; version: string; content: string; sourceUrl: string | null; expiresAt: string }
>;

export type DecisionRecorded = DomainEvent<
  'DecisionRecorded',
  Recorded & { decisionId: string; pipelineId: string | null; phase: string; decision: string; reasoning: string }
>;

export type LearningEvent =
  | FailureRecorded
  | EstimateRecorded
  | EstimateCompleted
  | RetrospectiveRecorded
  | SpikeRecorded
  | ComplexitySnapshotRecorded
  | ComplexityWarningStarted
  | ComplexityWarningCleared
  | PatternUsageRecorded
  | DocsCached
  | DecisionRecorded;

export const LEARNING_EVENT_TYPES = [
  'FailureRecorded',
  'EstimateRecorded',
  'EstimateCompleted',
  'RetrospectiveRecorded',
  'SpikeRecorded',
  'ComplexitySnapshotRecorded',
  'ComplexityWarningStarted',
  'ComplexityWarningCleared',
  'PatternUsageRecorded',
  'DocsCached',
  'DecisionRecorded',
] as const satisfies readonly LearningEvent['type'][];
