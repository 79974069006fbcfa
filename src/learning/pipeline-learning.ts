import type { CommandContext } from '../platform/decider/command-context.js';

/**
 * The seam between pipelines and the learning records: what a run asks before each phase, and what
 * a finished run hands back. Pipelines depend on this class; the learning module provides it.
 */
export abstract class PipelineLearning {
  /**
   * What the records say about a feature request, in one call per phase prompt: past failures whose
   * similarity passes the documented threshold (most similar first, at most 5), the retrospectives
   * most relevant to it (at most 3) and the organization's estimate correction factor (90 days).
   */
  abstract lessonsFor(organizationId: string, featureRequest: string): Promise<PipelineLessons>;

  /**
   * Records what a finished run taught — its retrospective, its estimate against the actual, the
   * failures it met. Idempotent per pipeline: a step that runs again records nothing twice.
   */
  abstract recordRun(context: CommandContext, run: FinishedRun): Promise<void>;
}

export interface PipelineLessons {
  failures: PastFailure[];
  retrospectives: PastRetrospective[];
  correction: EstimateCorrection;
}

export interface PastFailure {
  id: string;
  feature: string;
  approach: string;
  whyFailed: string;
  lesson: string;
  /** Cosine similarity of the feature texts' embeddings, 0–1. */
  similarity: number;
  loggedAt: string;
}

export interface PastRetrospective {
  id: string;
  pipelineId: string | null;
  feature: string;
  surprises: string;
  wouldChange: string;
  newPatterns: string[];
  /** How accurate the spike was, 0–100, when there was one. */
  spikeAccuracy: number | null;
  loggedAt: string;
}

export interface EstimateCorrection {
  /** Mean actual/estimated sessions over the completed estimates of the window; null with none. */
  factor: number | null;
  samples: number;
  days: number;
}

export interface FinishedRun {
  pipelineId: string;
  feature: string;
  retrospective: {
    surprises: string;
    wouldChange: string;
    newPatterns: string[];
    spikeAccuracy: number | null;
  } | null;
  estimate: {
    estimatedSessions: number;
    actualSessions: number;
    complexity: number;
    filesCreated: number;
    filesModified: number;
  } | null;
  failures: { approach: string; whyFailed: string; lesson: string }[];
  /** What the run decided and why (the why verdict, the chosen approach, the plan): decisions.md. */
  decisions: { phase: string; decision: string; reasoning: string }[];
  patternsUsed: { pattern: string; outcome: string }[];
}
