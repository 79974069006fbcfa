import type { DeadlineRequest } from '../../platform/deadlines/deadline.js';
import type { PipelinePhase } from '../domain/pipeline.types.js';

export const PIPELINE_PHASE_DEADLINE = 'pipelines.phase';
export const PIPELINE_PHASE_TIMEOUT_DEADLINE = 'pipelines.phase-timeout';
export const PIPELINE_RECORD_RUN_DEADLINE = 'pipelines.record-run';

export interface PhaseAttemptPayload {
  pipelineId: string;
  phase: PipelinePhase;
  attempt: number;
}

export interface PhaseTryPayload extends PhaseAttemptPayload {
  /** 1-based: the try of the attempt this deadline makes (model errors are retried with backoff). */
  try: number;
}

export interface RecordRunPayload {
  pipelineId: string;
}

/**
 * One deadline per try of one attempt of one phase: a try re-run after a crash is the same deadline
 * (its lease expires and it fires again), a retry after a model error the next one.
 */
export const phaseTry = (tenantId: string, payload: PhaseTryPayload, dueAt: Date): DeadlineRequest => ({
  key: `pipelines:phase:${payload.pipelineId}:${payload.phase}:${payload.attempt}:${payload.try}`,
  type: PIPELINE_PHASE_DEADLINE,
  tenantId,
  dueAt,
  payload: { ...payload },
});

/** The key of an attempt's time budget: when due, the attempt fails with `timeout` unless it already ended. */
export const phaseTimeoutKey = (payload: PhaseAttemptPayload) =>
  `pipelines:phase-timeout:${payload.pipelineId}:${payload.phase}:${payload.attempt}`;

export const phaseTimeout = (tenantId: string, payload: PhaseAttemptPayload, dueAt: Date): DeadlineRequest => ({
  key: phaseTimeoutKey(payload),
  type: PIPELINE_PHASE_TIMEOUT_DEADLINE,
  tenantId,
  dueAt,
  payload: { ...payload },
});

/** Handing a finished run to the learning records, once per pipeline. */
export const recordRun = (tenantId: string, payload: RecordRunPayload, dueAt: Date): DeadlineRequest => ({
  key: `pipelines:record-run:${payload.pipelineId}`,
  type: PIPELINE_RECORD_RUN_DEADLINE,
  tenantId,
  dueAt,
  payload: { ...payload },
});
