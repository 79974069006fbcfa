import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SayCantHelpCommand } from './say-cant-help.command.js';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import type { ConversationWritten } from './conversation-written.js';
import { SquadMembersReader } from './squad-members.reader.js';

/** The squad comes from the conversation's own stream (a conversation never changes squad). */
@CommandHandler(SayCantHelpCommand)
export class SayCantHelpHandler implements ICommandHandler<SayCantHelpCommand> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: SquadMembersReader,
  ) {}

  async execute(command: SayCantHelpCommand): Promise<ConversationWritten> {
    const { context, conversationId } = command;
    const loaded = await this.conversations.load(context.tenantId, conversationId);
    const { state } = loaded;
    const by = await this.members.memberOf(context.tenantId, state.squadId, command.memberId);
    const referTo = command.referToMemberId ? await this.members.memberOf(context.tenantId, state.squadId, command.referToMemberId) : null;
    const written = await this.conversations.handle(
      context,
      conversationId,
      {
        type: 'SayCantHelp',
        by,
        reason: command.reason,
        referTo,
        messageId: command.messageId,
        noticeMessageId: command.noticeMessageId,
        now: context.now,
      },
      { loaded },
    );
    return { conversation: toConversationView(written.state, written.version), version: written.version };
  }
}
