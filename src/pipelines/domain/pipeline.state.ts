import type { PipelineEvent } from './pipeline.events.js';
import { PLANNED_STEPS_FIELD, type PipelinePhase, type PlannedPhase, countOf } from './pipeline.types.js';

/**
 * Where a run stands:
 *   none → running (an attempt of `phases[current]` is under way)
 *   running ─complete→ running (the next phase) | gate (a person approves) | ready (paused: the next waits) | completed
 *   running ─fail→ failed ─retry→ running;   gate ─approve→ running | ready | completed
 *   any but completed/cancelled ─cancel→ cancelled.  `paused` is a flag: nothing starts while it is set.
 */
export type PipelineStage = 'none' | 'running' | 'gate' | 'ready' | 'failed' | 'completed' | 'cancelled';

export interface PipelineState {
  stage: PipelineStage;
  paused: boolean;
  phases: PlannedPhase[];
  gates: PipelinePhase[];
  /** The phase running, waiting at its gate, failed — or, `ready`, the one to start next. */
  current: number;
  /** Attempts started per phase. */
  attempts: Partial<Record<PipelinePhase, number>>;
  /** Failed tries of the running attempt: a try recorded already is not recorded again. */
  failedTries: number;
  /** Attempts started in all (a run's "actual sessions"). */
  attemptsStarted: number;
  /** Build steps the plan listed, once it completed. */
  plannedSteps: number | null;
}

export const initialPipelineState = (): PipelineState => ({
  stage: 'none',
  paused: false,
  phases: [],
  gates: [],
  current: 0,
  attempts: {},
  failedTries: 0,
  attemptsStarted: 0,
  plannedSteps: null,
});

export function evolvePipeline(state: PipelineState, event: PipelineEvent): PipelineState {
  switch (event.type) {
    case 'PipelineStarted':
      return { ...state, stage: 'ready', phases: event.data.phases, gates: event.data.approvalGates, current: 0 };
    case 'PipelinePhaseStarted': {
      const current = state.phases.findIndex((planned) => planned.phase === event.data.phase);
      return {
        ...state,
        stage: 'running',
        current,
        attempts: { ...state.attempts, [event.data.phase]: event.data.attempt },
        failedTries: 0,
        attemptsStarted: state.attemptsStarted + 1,
      };
    }
    case 'PipelinePhaseCompleted': {
      const plannedSteps = event.data.phase === 'plan' ? countOf(event.data.output, PLANNED_STEPS_FIELD) : state.plannedSteps;
      // Until a later event says otherwise, the next phase is the one to start.
      return { ...state, stage: 'ready', current: state.current + 1, plannedSteps };
    }
    case 'PipelinePhaseTryFailed':
      return { ...state, failedTries: Math.max(state.failedTries, event.data.try) };
    case 'PipelinePhaseFailed':
      return { ...state, stage: 'failed' };
    case 'PipelineGateWaiting':
      return { ...state, stage: 'gate', current: state.phases.findIndex((planned) => planned.phase === event.data.phase) };
    case 'PipelineGateApproved':
      return { ...state, stage: 'ready', current: state.current + 1 };
    case 'PipelinePaused':
      return { ...state, paused: true };
    case 'PipelineResumed':
      return { ...state, paused: false };
    case 'PipelineCancelled':
      return { ...state, stage: 'cancelled' };
    case 'PipelineScopeCreepFlagged':
      return state;
    case 'PipelineCompleted':
      return { ...state, stage: 'completed' };
  }
}
