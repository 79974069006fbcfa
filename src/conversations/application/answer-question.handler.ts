import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnswerQuestionCommand } from './answer-question.command.js';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import type { ConversationWritten } from './conversation-written.js';
import { SquadMembersReader } from './squad-members.reader.js';

/** The squad comes from the conversation's own stream (a conversation never changes squad). */
@CommandHandler(AnswerQuestionCommand)
export class AnswerQuestionHandler implements ICommandHandler<AnswerQuestionCommand> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: SquadMembersReader,
  ) {}

  async execute(command: AnswerQuestionCommand): Promise<ConversationWritten> {
    const { context, conversationId } = command;
    const loaded = await this.conversations.load(context.tenantId, conversationId);
    const { state } = loaded;
    const by = await this.members.memberOf(context.tenantId, state.squadId, command.memberId);
    const written = await this.conversations.handle(
      context,
      conversationId,
      {
        type: 'AnswerQuestion',
        by,
        text: command.text,
        messageId: command.messageId,
        parentId: command.parentMessageId,
        now: context.now,
      },
      { loaded },
    );
    return { conversation: toConversationView(written.state, written.version), version: written.version };
  }
}
