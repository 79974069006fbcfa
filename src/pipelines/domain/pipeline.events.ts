import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { PhaseAgent, PhaseTokens, PipelineEstimate, PipelinePhase, PlannedPhase } from './pipeline.types.js';

/**
 * Events of stream `pipeline-<pipelineId>`, schema version 1. Every event names its pipeline, so the
 * pipeline's room (`pipeline:<id>`) and the organization's see it.
 */
interface Base {
  pipelineId: string;
}

/** What one phase attempt's agent call cost and took: the agent log's figures. */
export interface AttemptFigures {
  agent: PhaseAgent;
  /** The model that answered, `provider/model`; null when no call got an answer. */
  model: string | null;
  inputSummary: string;
  durationMs: number;
  tokens: PhaseTokens;
}

/** What a run is asked to do: the same in the command that starts it and the event that records it. */
export interface PipelineDefinition {
  featureRequest: string;
  squadId: string | null;
  phases: PlannedPhase[];
  /** Phases after which a person must approve before the next starts. */
  approvalGates: PipelinePhase[];
  estimate: PipelineEstimate | null;
  by: Actor;
}

export type PipelineStarted = DomainEvent<'PipelineStarted', Base & PipelineDefinition & { at: string }>;

/** Attempt `attempt` of `phase` began: its agent is called from a durable deadline keyed by pipeline, phase and attempt. */
export type PipelinePhaseStarted = DomainEvent<
  'PipelinePhaseStarted',
  Base & { phase: PipelinePhase; attempt: number; agent: PhaseAgent; retriedBy: Actor | null; at: string }
>;

/** The agent's structured output passed the phase's schema (after at most one repair). */
export type PipelinePhaseCompleted = DomainEvent<
  'PipelinePhaseCompleted',
  Base &
    AttemptFigures & {
      phase: PipelinePhase;
      attempt: number;
      output: Record<string, unknown>;
      outputSummary: string;
      /** True when the first answer broke the schema and the repair passed. */
      repaired: boolean;
      at: string;
    }
>;

/** One try of an attempt met a model error; the next try is due at `retryAt` (the attempt goes on). */
export type PipelinePhaseTryFailed = DomainEvent<
  'PipelinePhaseTryFailed',
  Base & AttemptFigures & { phase: PipelinePhase; attempt: number; try: number; reason: string; retryAt: string; at: string }
>;

/** The attempt failed: an output invalid after the repair, the last try's model error, or `timeout`. Retry it by hand. */
export type PipelinePhaseFailed = DomainEvent<
  'PipelinePhaseFailed',
  Base & AttemptFigures & { phase: PipelinePhase; attempt: number; reason: string; at: string }
>;

/** `phase` completed and is gated: a person approves before the next phase starts. */
export type PipelineGateWaiting = DomainEvent<'PipelineGateWaiting', Base & { phase: PipelinePhase; at: string }>;

export type PipelineGateApproved = DomainEvent<
  'PipelineGateApproved',
  Base & { phase: PipelinePhase; note: string | null; by: Actor; at: string }
>;

export type PipelinePaused = DomainEvent<'PipelinePaused', Base & { by: Actor; at: string }>;

export type PipelineResumed = DomainEvent<'PipelineResumed', Base & { by: Actor; at: string }>;

export type PipelineCancelled = DomainEvent<'PipelineCancelled', Base & { reason: string | null; by: Actor; at: string }>;

/** The build completed more than 1.5× the steps the plan listed. */
export type PipelineScopeCreepFlagged = DomainEvent<
  'PipelineScopeCreepFlagged',
  Base & { plannedSteps: number; completedSteps: number; ratio: number; at: string }
>;

/**
 * The last phase completed (and its gate, if any, was approved). `actualSessions` is the number of
 * phase attempts the run started (each attempt is one agent session; a retried phase counts twice).
 */
export type PipelineCompleted = DomainEvent<'PipelineCompleted', Base & { actualSessions: number; at: string }>;

export type PipelineEvent =
  | PipelineStarted
  | PipelinePhaseStarted
  | PipelinePhaseCompleted
  | PipelinePhaseTryFailed
  | PipelinePhaseFailed
  | PipelineGateWaiting
  | PipelineGateApproved
  | PipelinePaused
  | PipelineResumed
  | PipelineCancelled
  | PipelineScopeCreepFlagged
  | PipelineCompleted;

export const pipelineEventTypes = [
  'PipelineStarted',
  'PipelinePhaseStarted',
  'PipelinePhaseCompleted',
  'PipelinePhaseTryFailed',
  'PipelinePhaseFailed',
  'PipelineGateWaiting',
  'PipelineGateApproved',
  'PipelinePaused',
  'PipelineResumed',
  'PipelineCancelled',
  'PipelineScopeCreepFlagged',
  'PipelineCompleted',
] as const satisfies readonly PipelineEvent['type'][];
