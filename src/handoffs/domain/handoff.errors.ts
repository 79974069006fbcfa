import { NotFoundError, TypedRuleError } from '../../platform/decider/decider.js';
import type { Actor } from '../../platform/event-store/event.types.js';

/** A handoff rule with its own problem type, so a client tells "taken" from "not yours" without parsing text. */
export abstract class HandoffRuleError extends TypedRuleError {}

export class SessionNotHandOffableError extends HandoffRuleError {
  readonly status = 409;
  readonly problemType = 'session-not-handoffable';
  constructor(sessionId: string, sessionStatus: string) {
    super('session_not_handoffable', `session ${sessionId} is ${sessionStatus}: only an active session can be parked or escalated`);
    Object.assign(this.extensions, { sessionStatus });
  }
}

export class AlreadyClaimedError extends HandoffRuleError {
  readonly status = 409;
  readonly problemType = 'already-claimed';
  constructor(itemId: string, claimedBy: Actor, claimedAt: string) {
    super('already_claimed', `queue item ${itemId} was claimed by ${claimedBy.kind} ${claimedBy.id} at ${claimedAt}`);
    Object.assign(this.extensions, { claimedBy, claimedAt });
  }
}

export class NotClaimedError extends HandoffRuleError {
  readonly status = 409;
  readonly problemType = 'not-claimed';
  constructor(itemId: string) {
    super('not_claimed', `queue item ${itemId} is not claimed: there is nothing to release`);
  }
}

export class NotYourClaimError extends HandoffRuleError {
  readonly status = 403;
  readonly problemType = 'not-your-claim';
  constructor(itemId: string, claimedBy: Actor) {
    super('not_your_claim', `queue item ${itemId} is claimed by ${claimedBy.kind} ${claimedBy.id}: only they or an admin can release it`);
    Object.assign(this.extensions, { claimedBy });
  }
}

/** The raised question was answered in the meantime: it has left the queue. */
export class QuestionAnsweredError extends HandoffRuleError {
  readonly status = 409;
  readonly problemType = 'question-answered';
  constructor(itemId: string, answeredAt: string | null) {
    super('question_answered', `question ${itemId} was answered${answeredAt ? ` at ${answeredAt}` : ''}: it is no longer on the queue`);
    Object.assign(this.extensions, { answeredAt });
  }
}

/** A queue item that is not the session's current handoff (an earlier one, since claimed and handed off again) is gone. */
export class UnknownHandoffError extends NotFoundError {
  constructor(handoffId: string) {
    super('queue item', handoffId);
  }
}
