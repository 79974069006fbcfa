import { Command } from '@nestjs/cqrs';
import type { ConversationView } from './conversation.view.js';
import type { ConversationContext } from './conversation-context.js';

/** What a conversation write returns: the conversation after it, and its stream version (the ETag). */
export interface ConversationWritten {
  conversation: ConversationView;
  version: number;
}

export class AskQuestionCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: ConversationContext,
    readonly squadId: string,
    readonly askerMemberId: string,
    readonly questionType: string,
    readonly text: string,
    readonly conversationId: string,
    readonly messageId: string,
  ) {
    super();
  }
}

export class AnswerQuestionCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: ConversationContext,
    readonly conversationId: string,
    readonly memberId: string,
    readonly text: string,
    readonly parentMessageId: string | null,
    readonly messageId: string,
  ) {
    super();
  }
}

export class SayCantHelpCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: ConversationContext,
    readonly conversationId: string,
    readonly memberId: string,
    readonly reason: string,
    readonly referToMemberId: string | null,
    readonly messageId: string,
    readonly noticeMessageId: string,
  ) {
    super();
  }
}
