import type { Actor } from '../../platform/event-store/event.types.js';
import type { Decider } from '../../platform/decider/decider.js';
import type { PipelineCommand } from './pipeline.commands.js';
import {
  GateNotWaitingError,
  PhaseNotFailedError,
  PipelineAlreadyStartedError,
  PipelineFinishedError,
  PipelinePausedError,
} from './pipeline.errors.js';
import type { PipelineEvent } from './pipeline.events.js';
import { type PipelineState, evolvePipeline, initialPipelineState } from './pipeline.state.js';
import { COMPLETED_STEPS_FIELD, type PipelinePhase, SCOPE_CREEP_RATIO, countOf } from './pipeline.types.js';
import { AggregateNotFoundError } from '../../platform/decider/decider.js';

const finished = (state: PipelineState) => state.stage === 'completed' || state.stage === 'cancelled';

function refuseFinished(state: PipelineState, pipelineId: string, change: string): void {
  if (state.stage === 'none') throw new AggregateNotFoundError('pipeline');
  if (finished(state)) throw new PipelineFinishedError(pipelineId, state.stage, change);
}

/**
 * What follows once nothing holds the run at `state.current` (a phase completed ungated, a gate was
 * approved, a pause lifted, a failed phase retried): the phase at `current` starts, or — past the
 * last — the run completes. Nothing starts while paused.
 */
function advance(state: PipelineState, pipelineId: string, at: string, retriedBy: Actor | null = null): PipelineEvent[] {
  if (state.paused) return [];
  const next = state.phases[state.current];
  if (!next) return [{ type: 'PipelineCompleted', data: { pipelineId, actualSessions: state.attemptsStarted, at } }];
  const attempt = (state.attempts[next.phase] ?? 0) + 1;
  return [{ type: 'PipelinePhaseStarted', data: { pipelineId, phase: next.phase, attempt, agent: next.agent, retriedBy, at } }];
}

/** Decides `events` and what follows them, on the state they lead to. */
function andThen(state: PipelineState, events: PipelineEvent[], follow: (after: PipelineState) => PipelineEvent[]): PipelineEvent[] {
  return [...events, ...follow(events.reduce(evolvePipeline, state))];
}

/** An agent's answer for an attempt that is no longer the running one (late, doubled, after a cancel) changes nothing. */
const isStale = (state: PipelineState, phase: PipelinePhase, attempt: number) =>
  state.stage !== 'running' || state.phases[state.current]?.phase !== phase || state.attempts[phase] !== attempt;

/**
 * A feature pipeline: its phases run one after another, each by a registry agent, gated where a
 * person must approve. Stale inputs from the durable steps (a doubled or late completion, a timeout
 * of an attempt that already ended) produce nothing; a person's change the rules refuse throws a
 * typed error.
 */
export const pipelineDecider: Decider<PipelineState, PipelineCommand, PipelineEvent> = {
  initialState: initialPipelineState,
  evolve: evolvePipeline,
  decide(command, state) {
    const { pipelineId, now: at } = command;
    switch (command.type) {
      case 'StartPipeline': {
        if (state.stage !== 'none') throw new PipelineAlreadyStartedError(pipelineId);
        const { featureRequest, squadId, phases, approvalGates, estimate, by } = command;
        return andThen(
          state,
          [{ type: 'PipelineStarted', data: { pipelineId, featureRequest, squadId, phases, approvalGates, estimate, by, at } }],
          (after) => advance(after, pipelineId, at),
        );
      }
      case 'CompletePhase': {
        if (isStale(state, command.phase, command.attempt)) return [];
        const { phase, attempt, agent, model, inputSummary, durationMs, tokens, output, outputSummary, repaired } = command;
        const events: PipelineEvent[] = [
          {
            type: 'PipelinePhaseCompleted',
            data: { pipelineId, phase, attempt, agent, model, inputSummary, durationMs, tokens, output, outputSummary, repaired, at },
          },
        ];
        if (phase === 'build' && state.plannedSteps !== null) {
          const completedSteps = countOf(output, COMPLETED_STEPS_FIELD);
          if (completedSteps > SCOPE_CREEP_RATIO * state.plannedSteps)
            events.push({
              type: 'PipelineScopeCreepFlagged',
              data: {
                pipelineId,
                plannedSteps: state.plannedSteps,
                completedSteps,
                ratio: state.plannedSteps === 0 ? completedSteps : Math.round((completedSteps / state.plannedSteps) * 100) / 100,
                at,
              },
            });
        }
        if (state.gates.includes(phase)) events.push({ type: 'PipelineGateWaiting', data: { pipelineId, phase, at } });
        return andThen(state, events, (after) => (after.stage === 'gate' ? [] : advance(after, pipelineId, at)));
      }
      case 'FailPhaseTry': {
        // A try re-run after a crash that had recorded its failure already records nothing again.
        if (isStale(state, command.phase, command.attempt) || command.try <= state.failedTries) return [];
        const { phase, attempt, agent, model, inputSummary, durationMs, tokens, reason, retryAt } = command;
        return [
          {
            type: 'PipelinePhaseTryFailed',
            data: { pipelineId, phase, attempt, try: command.try, agent, model, inputSummary, durationMs, tokens, reason, retryAt, at },
          },
        ];
      }
      case 'FailPhase': {
        if (isStale(state, command.phase, command.attempt)) return [];
        const { phase, attempt, agent, model, inputSummary, durationMs, tokens, reason } = command;
        return [
          { type: 'PipelinePhaseFailed', data: { pipelineId, phase, attempt, agent, model, inputSummary, durationMs, tokens, reason, at } },
        ];
      }
      case 'ApproveGate': {
        refuseFinished(state, pipelineId, 'be approved');
        const waiting = state.stage === 'gate' ? state.phases[state.current].phase : null;
        if (waiting !== command.phase) throw new GateNotWaitingError(pipelineId, command.phase, waiting);
        return andThen(
          state,
          [{ type: 'PipelineGateApproved', data: { pipelineId, phase: command.phase, note: command.note, by: command.by, at } }],
          (after) => advance(after, pipelineId, at),
        );
      }
      case 'PausePipeline':
        refuseFinished(state, pipelineId, 'be paused');
        if (state.paused) return [];
        return [{ type: 'PipelinePaused', data: { pipelineId, by: command.by, at } }];
      case 'ResumePipeline':
        refuseFinished(state, pipelineId, 'be resumed');
        if (!state.paused) return [];
        return andThen(state, [{ type: 'PipelineResumed', data: { pipelineId, by: command.by, at } }], (after) =>
          after.stage === 'ready' ? advance(after, pipelineId, at) : [],
        );
      case 'CancelPipeline':
        if (state.stage === 'cancelled') return [];
        refuseFinished(state, pipelineId, 'be cancelled');
        return [{ type: 'PipelineCancelled', data: { pipelineId, reason: command.reason, by: command.by, at } }];
      case 'RetryPhase': {
        refuseFinished(state, pipelineId, 'retry a phase');
        const failed = state.stage === 'failed' ? state.phases[state.current].phase : null;
        if (failed !== command.phase) throw new PhaseNotFailedError(pipelineId, command.phase, failed);
        if (state.paused) throw new PipelinePausedError(pipelineId);
        return advance(state, pipelineId, at, command.by);
      }
    }
  },
};
