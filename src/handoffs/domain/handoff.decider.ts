import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import { type SessionEvent, type SessionState, evolveSession, initialSessionState } from '../../branching/index.js';
import type { HandoffCommand } from './handoff.commands.js';
import {
  AlreadyClaimedError,
  NotClaimedError,
  NotYourClaimError,
  SessionNotHandOffableError,
  UnknownHandoffError,
} from './handoff.errors.js';
import { briefingOf, snapshotOf } from './handoff-snapshot.js';
import { sameActor } from './same-actor.js';

/**
 * Handoffs on the session's own stream, folded as branching folds it, so a claim and any work on the
 * session are ordered by one stream version: two claims at once → the second is decided again on the
 * first's result and refused. Transitions:
 *   active ─park→ paused, active ─escalate→ escalated (a new handoff, unclaimed, on the queue)
 *   paused | escalated ─claim→ active (claimed, with a briefing) ─release→ paused | escalated again
 * Only an active session is handed off; a claimed handoff is claimed once; only its claimer (or an
 * admin) releases it. An escalation's assessment (or its failure) is recorded once, claimed or not; a
 * stale one (another handoff, one already settled, a park) is no event rather than an error. A model's
 * briefing is recorded once per claim (keyed by its `claimedAt`), and a stale one is no event either. The briefing is built from the handoff's snapshot: nothing happens on a
 * session while it waits.
 */
export const handoffDecider: Decider<SessionState, HandoffCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide(command, state) {
    if (state.status === 'none') throw new AggregateNotFoundError('session');
    const base = { sessionId: state.id, handoffId: command.handoffId };
    if (command.type === 'HandOffSession') {
      if (state.status !== 'active') throw new SessionNotHandOffableError(state.id, state.status);
      return [
        {
          type: 'SessionHandedOff',
          data: {
            ...base,
            kind: command.kind,
            notes: command.notes,
            priority: command.priority,
            snapshot: snapshotOf(state, command.stepCount, command.now),
            by: command.by,
            at: command.now,
          },
        },
      ];
    }
    const handoff = state.handoff;
    if (command.type === 'RecordAssessment' || command.type === 'RecordAssessmentFailure') {
      // A deadline's late answer: for an earlier handoff, or one already settled, it changes nothing.
      if (!handoff || handoff.handoffId !== command.handoffId || handoff.assessmentStatus !== 'pending') return [];
      return command.type === 'RecordAssessment'
        ? [
            {
              type: 'HandoffAssessed',
              data: { ...base, assessment: command.assessment, model: command.model, attempts: command.attempts, at: command.now },
            },
          ]
        : [{ type: 'HandoffAssessmentFailed', data: { ...base, reason: command.reason, attempts: command.attempts, at: command.now } }];
    }
    if (command.type === 'RecordBriefing') {
      // Late for its claim (released, claimed again since, or already written for it): nothing changes.
      const current = handoff?.handoffId === command.handoffId && handoff.claimedBy && handoff.claimedAt === command.claimedAt;
      if (!current || handoff.briefingSource === 'model') return [];
      return [
        {
          type: 'HandoffBriefingWritten',
          data: { ...base, briefing: command.briefing, model: command.model, claimedAt: command.claimedAt, at: command.now },
        },
      ];
    }
    if (!handoff || handoff.handoffId !== command.handoffId) throw new UnknownHandoffError(command.handoffId);
    if (command.type === 'ClaimHandoff') {
      if (handoff.claimedBy && handoff.claimedAt) throw new AlreadyClaimedError(handoff.handoffId, handoff.claimedBy, handoff.claimedAt);
      return [
        { type: 'HandoffClaimed', data: { ...base, briefing: briefingOf(handoff.snapshot, handoff), by: command.by, at: command.now } },
      ];
    }
    if (!handoff.claimedBy) throw new NotClaimedError(handoff.handoffId);
    if (!command.byAdmin && !sameActor(handoff.claimedBy, command.by)) throw new NotYourClaimError(handoff.handoffId, handoff.claimedBy);
    return [{ type: 'HandoffReleased', data: { ...base, kind: handoff.kind, by: command.by, at: command.now } }];
  },
};
