import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ConversationWritten } from './conversation-written.js';

export class AnswerQuestionCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: CommandContext,
    readonly conversationId: string,
    readonly memberId: string,
    readonly text: string,
    readonly parentMessageId: string | null,
    readonly messageId: string,
  ) {
    super();
  }
}
