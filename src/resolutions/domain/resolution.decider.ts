import { AggregateNotFoundError, type Decider, NotFoundError } from '../../platform/decider/decider.js';
import {
  IllegalBranchTransitionError,
  OUTPUT_TYPES,
  type SessionEvent,
  type SessionState,
  SessionWaitingOnQueueError,
  evolveSession,
  initialSessionState,
} from '../../branching/index.js';
import type { ResolutionCommand } from './resolution.commands.js';
import { SessionAlreadyResolvedError, SessionNotResolvedError } from './resolution.errors.js';
import { defaultSolvedBranchId, resolutionRecordOf } from './resolution-record.js';

/**
 * Resolving and re-opening, on the session's own stream (folded as branching folds it), so a
 * resolution is ordered with any work on the session by one version. Transitions:
 *   active | solved ─resolve→ resolved (three drafts start) ─reopen→ active
 * A session waiting on the team queue is claimed first; a dead end cannot be the solution.
 */
export const resolutionDecider: Decider<SessionState, ResolutionCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide(command, state) {
    if (state.status === 'none') throw new AggregateNotFoundError('session');
    const base = { sessionId: state.id };
    if (command.type === 'ReopenSession') {
      if (state.status !== 'resolved' || !state.resolution) throw new SessionNotResolvedError(state.id, state.status);
      return [
        {
          type: 'SessionReopened',
          data: { ...base, resolutionId: state.resolution.resolutionId, reason: command.reason, by: command.by, at: command.now },
        },
      ];
    }
    if (state.status === 'resolved') throw new SessionAlreadyResolvedError(state.id, state.resolution?.resolutionId ?? '');
    if (state.status === 'paused' || state.status === 'escalated')
      throw new SessionWaitingOnQueueError(state.id, state.status, state.handoff?.handoffId ?? null);
    const solvedBranchId = command.solvedBranchId ?? defaultSolvedBranchId(state);
    if (solvedBranchId) {
      const branch = state.branches[solvedBranchId];
      if (!branch) throw new NotFoundError('branch', solvedBranchId);
      if (branch.status === 'dead_end') throw new IllegalBranchTransitionError(branch.id, branch.status, 'be the solution');
    }
    return [
      {
        type: 'SessionResolved',
        data: {
          ...base,
          resolutionId: command.resolutionId,
          record: resolutionRecordOf(state, { resolution: command.resolution, rootCause: command.rootCause, solvedBranchId }, command.now),
          outputs: OUTPUT_TYPES.map((type) => ({ outputId: command.outputIds[type], type })),
          by: command.by,
          at: command.now,
        },
      },
    ];
  },
};
