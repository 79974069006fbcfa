import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ConversationWritten } from './conversation-written.js';

export class SayCantHelpCommand extends Command<ConversationWritten> {
  constructor(
    readonly context: CommandContext,
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
