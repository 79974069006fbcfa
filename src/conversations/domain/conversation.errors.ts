import { DomainError } from '../../platform/decider/decider.js';

export class ConversationAlreadyExistsError extends DomainError {
  constructor(conversationId: string) {
    super('conversation_exists', `conversation ${conversationId} already exists`);
  }
}

export class ConversationClosedError extends DomainError {
  constructor(status: string) {
    super('conversation_closed', `the question is already ${status}`);
  }
}

export class NotAskedError extends DomainError {
  constructor(memberId: string) {
    super('not_a_responder', `member ${memberId} was not asked this question`);
  }
}

export class NotCurrentResponderError extends DomainError {
  constructor(memberId: string) {
    super('not_current_responder', `member ${memberId} is not among the question's current responders`);
  }
}

export class SelfReferralError extends DomainError {
  constructor() {
    super('invalid_referral', 'a question cannot be referred to its asker or to the responder who cannot help');
  }
}

export class UnknownParentMessageError extends DomainError {
  constructor(messageId: string) {
    super('unknown_parent_message', `message ${messageId} is not part of this conversation`);
  }
}
