import { TypedRuleError } from '../../platform/decider/decider.js';
import type { DiscussionStatus } from './discussion.types.js';

/** Discussion rules, each with its own problem type (`…/problems/<type>`). */

export class DiscussionExistsError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'discussion-exists';
  constructor(discussionId: string) {
    super('discussion_exists', `discussion ${discussionId} already exists`);
  }
}

export class ParticipantCountError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'participant-count';
  constructor(count: number, min: number, max: number) {
    super('participant_count', `a discussion needs ${min} to ${max} distinct agents; ${count} were given`);
    Object.assign(this.extensions, { count, min, max });
  }
}

export class UnknownAgentsError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'unknown-agent';
  constructor(readonly slugs: readonly string[]) {
    super('unknown_agent', `no agent ${slugs.join(', ')} in the registry`);
    Object.assign(this.extensions, { slugs });
  }
}

export class DeprecatedAgentsError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'agent-deprecated';
  constructor(readonly slugs: readonly string[]) {
    super('agent_deprecated', `agent ${slugs.join(', ')} is deprecated and takes no new discussions`);
    Object.assign(this.extensions, { slugs });
  }
}

/** Completed or stopped: nothing more can be said, voted or decided. */
export class DiscussionOverError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'discussion-over';
  constructor(status: DiscussionStatus) {
    super('discussion_over', `the discussion is ${status}`);
    Object.assign(this.extensions, { discussionStatus: status });
  }
}

export class IllegalDiscussionTransitionError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'illegal-discussion-transition';
  constructor(status: DiscussionStatus, transition: string) {
    super('illegal_discussion_transition', `the discussion is ${status}: it cannot ${transition}`);
    Object.assign(this.extensions, { discussionStatus: status, transition });
  }
}

export class QuestionNotPendingError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'question-not-pending';
  constructor(questionId: string) {
    super('question_not_pending', `message ${questionId} is not a question waiting for an answer`);
    Object.assign(this.extensions, { inReplyTo: questionId });
  }
}

export class ConsensusStillPossibleError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'consensus-still-possible';
  constructor(status: DiscussionStatus) {
    super('consensus_still_possible', `the discussion is ${status}: the user decides only when the participants could not agree`);
    Object.assign(this.extensions, { discussionStatus: status });
  }
}
