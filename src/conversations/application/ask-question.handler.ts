import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { type ResolvedChain, ResolveQuestionRoutingQuery } from '../../routing/index.js';
import type { ChainStep, Participant } from '../domain/conversation.types.js';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import { AskQuestionCommand } from './ask-question.command.js';
import type { ConversationWritten } from './conversation-written.js';
import { SquadMembersReader } from './squad-members.reader.js';

/** Routing's chain with each responder as the conversation keeps them (kind, name, agent). */
export function chainSteps(chain: ResolvedChain, members: ReadonlyMap<string, Participant>): ChainStep[] {
  return chain.levels.map((level) => ({
    level: level.level,
    ruleId: level.rule.id,
    ruleSource: level.rule.source,
    responders: level.responders.flatMap((responder) => members.get(responder.id) ?? []),
    why: { ...level.why },
  }));
}

/** Resolves the routing chain and the squad's settings at the time of asking, and opens the conversation with both. */
@CommandHandler(AskQuestionCommand)
export class AskQuestionHandler implements ICommandHandler<AskQuestionCommand> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: SquadMembersReader,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: AskQuestionCommand): Promise<ConversationWritten> {
    const { context, squadId, questionType } = command;
    const tenantId = context.tenantId;
    // One read per owning module: the squad's members from organizations, chain and settings from routing.
    const members = await this.members.rosterOf(tenantId, squadId);
    const asker = await this.members.memberOf(tenantId, squadId, command.askerMemberId, members);
    const squad = [...members.values()].map((member) => ({ id: member.memberId, role: member.role, name: member.displayName }));
    const { chain, settings } = await this.queries.execute(
      new ResolveQuestionRoutingQuery(tenantId, squadId, squad, asker.role, questionType),
    );
    const second = this.config.interactionSecondMs;
    const written = await this.conversations.handle(
      context,
      command.conversationId,
      {
        type: 'AskQuestion',
        conversationId: command.conversationId,
        organizationId: tenantId,
        squadId,
        asker,
        questionType,
        text: command.text,
        messageId: command.messageId,
        chain: chainSteps(chain, members),
        timing: { firstTimeoutMs: settings.firstTimeoutSeconds * second, followUpTimeoutMs: settings.followUpTimeoutSeconds * second },
        templates: {
          acknowledgement: settings.acknowledgementTemplate,
          followUp: settings.followUpTemplate,
          escalationNotice: settings.escalationNoticeTemplate,
        },
        now: context.now,
      },
      { expectedVersion: 0 },
    );
    return { conversation: toConversationView(written.state, written.version), version: written.version };
  }
}
