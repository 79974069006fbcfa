import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ConversationWritten } from './conversation-written.js';

export class AskQuestionCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: CommandContext,
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
