import type { Actor } from '../../platform/event-store/event.types.js';
import type { AttemptFigures, PipelineDefinition } from './pipeline.events.js';
import type { PipelinePhase } from './pipeline.types.js';

interface Addressed {
  pipelineId: string;
  now: string;
}

export interface StartPipeline extends Addressed, PipelineDefinition {
  type: 'StartPipeline';
}

/** What an agent call of one attempt answers: the attempt it belongs to (any other is stale). */
interface AttemptResult extends Addressed, AttemptFigures {
  phase: PipelinePhase;
  attempt: number;
}

export interface CompletePhase extends AttemptResult {
  type: 'CompletePhase';
  output: Record<string, unknown>;
  outputSummary: string;
  repaired: boolean;
}

export interface FailPhaseTry extends AttemptResult {
  type: 'FailPhaseTry';
  try: number;
  reason: string;
  retryAt: string;
}

export interface FailPhase extends AttemptResult {
  type: 'FailPhase';
  reason: string;
}

export interface ApproveGate extends Addressed {
  type: 'ApproveGate';
  phase: PipelinePhase;
  note: string | null;
  by: Actor;
}

export interface PausePipeline extends Addressed {
  type: 'PausePipeline';
  by: Actor;
}

export interface ResumePipeline extends Addressed {
  type: 'ResumePipeline';
  by: Actor;
}

export interface CancelPipeline extends Addressed {
  type: 'CancelPipeline';
  reason: string | null;
  by: Actor;
}

export interface RetryPhase extends Addressed {
  type: 'RetryPhase';
  phase: PipelinePhase;
  by: Actor;
}

export type PipelineCommand =
  StartPipeline | CompletePhase | FailPhaseTry | FailPhase | ApproveGate | PausePipeline | ResumePipeline | CancelPipeline | RetryPhase;
