import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import { AnswerQuestionCommand, type ConversationWritten, SayCantHelpCommand } from './conversations.commands.js';
import { SquadMembersReader } from './squad-members.reader.js';

/** The squad of a conversation of the tenant, from the read model (written with the events, so never behind). */
async function squadOf(db: Database, tenantId: string, conversationId: string): Promise<string> {
  const [row] = await db.query<{ squad_id: string }>('SELECT squad_id FROM conversations WHERE id = $1 AND tenant_id = $2', [
    conversationId,
    tenantId,
  ]);
  if (!row) throw new NotFoundError('conversation', conversationId);
  return row.squad_id;
}

@CommandHandler(AnswerQuestionCommand)
export class AnswerQuestionHandler implements ICommandHandler<AnswerQuestionCommand> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: SquadMembersReader,
    private readonly db: Database,
  ) {}

  async execute(command: AnswerQuestionCommand): Promise<ConversationWritten> {
    const { context, conversationId } = command;
    const squadId = await squadOf(this.db, context.tenantId, conversationId);
    const by = await this.members.memberOf(context.tenantId, squadId, command.memberId);
    const written = await this.conversations.handle(context, conversationId, {
      type: 'AnswerQuestion',
      by,
      text: command.text,
      messageId: command.messageId,
      parentId: command.parentMessageId,
      now: context.now,
    });
    return { conversation: toConversationView(written.state, written.version), version: written.version };
  }
}

@CommandHandler(SayCantHelpCommand)
export class SayCantHelpHandler implements ICommandHandler<SayCantHelpCommand> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: SquadMembersReader,
    private readonly db: Database,
  ) {}

  async execute(command: SayCantHelpCommand): Promise<ConversationWritten> {
    const { context, conversationId } = command;
    const squadId = await squadOf(this.db, context.tenantId, conversationId);
    const by = await this.members.memberOf(context.tenantId, squadId, command.memberId);
    const referTo = command.referToMemberId ? await this.members.memberOf(context.tenantId, squadId, command.referToMemberId) : null;
    const written = await this.conversations.handle(context, conversationId, {
      type: 'SayCantHelp',
      by,
      reason: command.reason,
      referTo,
      messageId: command.messageId,
      noticeMessageId: command.noticeMessageId,
      now: context.now,
    });
    return { conversation: toConversationView(written.state, written.version), version: written.version };
  }
}
