import type { Actor } from '../../platform/event-store/event.types.js';
import type { PhaseAgent, PhaseStatus, PhaseTokens, PipelineEstimate, PipelinePhase, PipelineStatus } from '../domain/pipeline.types.js';

export interface PhaseView {
  phase: PipelinePhase;
  agent: PhaseAgent;
  status: PhaseStatus;
  /** Attempts started (a retry after a failure is a new attempt). */
  attempts: number;
  /** Failed tries of the current attempt (model errors retried with backoff). */
  failedTries: number;
  /** The structured output of the attempt that completed; null before. */
  output: Record<string, unknown> | null;
  outputSummary: string | null;
  failure: { reason: string; attempt: number; at: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Model time of the attempts so far, in milliseconds. */
  durationMs: number;
  tokens: PhaseTokens;
}

/** A pipeline as the API shows it: the read model's document. */
export interface PipelineView {
  id: string;
  featureRequest: string;
  squadId: string | null;
  status: PipelineStatus;
  /** The phase running, waiting at its gate, failed, or next to start; null once completed. */
  currentPhase: PipelinePhase | null;
  waitingGate: PipelinePhase | null;
  approvalGates: PipelinePhase[];
  phases: PhaseView[];
  estimate: PipelineEstimate | null;
  /** Phase attempts started so far: the run's "actual sessions". */
  actualSessions: number;
  tokens: PhaseTokens;
  scopeCreep: { plannedSteps: number; completedSteps: number; ratio: number; at: string } | null;
  approvals: { phase: PipelinePhase; note: string | null; by: Actor; at: string }[];
  cancelled: { reason: string | null; by: Actor; at: string } | null;
  createdBy: Actor;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
