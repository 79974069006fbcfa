import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import { type ConversationEvent, type ConversationState, evolveConversation, initialConversationState } from '../../conversations/index.js';
import type { QueuedQuestionCommand } from './queued-question.commands.js';
import { AlreadyClaimedError, NotClaimedError, NotYourClaimError, QuestionAnsweredError, UnknownHandoffError } from './handoff.errors.js';
import { questionBriefingOf } from './question-briefing.js';
import { sameActor } from './same-actor.js';

/**
 * A question whose escalation chain ran out waits on the team queue until someone answers it. Its
 * claims are decided on the conversation's own stream, folded as conversations fold it, so a claim
 * and an answer are ordered by one stream version: of two claimers at once the second is refused,
 * and a claim after the answer finds the question gone. Transitions:
 *   unanswered ─claim→ claimed (with a briefing) ─release→ unanswered; an answer takes it off the queue.
 * A question still being routed is not on the queue (404).
 */
export const queuedQuestionDecider: Decider<ConversationState, QueuedQuestionCommand, ConversationEvent> = {
  initialState: initialConversationState,
  evolve: evolveConversation,
  decide(command, state) {
    if (state.status === 'none') throw new AggregateNotFoundError('queue item');
    if (state.status === 'answered') throw new QuestionAnsweredError(state.id, state.closedAt);
    if (state.status !== 'unanswered') throw new UnknownHandoffError(state.id);
    const base = { conversationId: state.id, squadId: state.squadId, queueItemId: state.id };
    const claim = state.claim;
    if (command.type === 'ClaimQuestion') {
      if (claim) throw new AlreadyClaimedError(state.id, claim.by, claim.at);
      return [
        {
          type: 'QuestionClaimed',
          data: { ...base, briefing: questionBriefingOf(state, command.now), by: command.by, claimedAt: command.now },
        },
      ];
    }
    if (!claim) throw new NotClaimedError(state.id);
    if (!command.byAdmin && !sameActor(claim.by, command.by)) throw new NotYourClaimError(state.id, claim.by);
    return [{ type: 'QuestionReleased', data: { ...base, by: command.by, releasedAt: command.now } }];
  },
};
