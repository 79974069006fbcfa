import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RegistryModule } from '../registry/index.js';
import { ConversationViewsController } from './api/conversation-views.controller.js';
import { ConversationsController } from './api/conversations.controller.js';
import { ConversationStatisticsReader } from './application/conversation-statistics.js';
import { ConversationRepository } from './application/conversation.repository.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { SquadMembersReader } from './application/squad-members.reader.js';
import { ConversationRoundsProjection } from './projections/conversation-rounds.projection.js';
import { ConversationsProjection } from './projections/conversations.projection.js';
import { AgentAnswerDeadlineHandler } from './sagas/agent-answer.deadline-handler.js';
import { EscalationDeadlinesProjection } from './sagas/escalation-deadlines.projection.js';
import { EscalationDeadlineHandlers } from './sagas/escalation.deadline-handlers.js';

/**
 * Routed questions with durable timeout → follow-up → escalation. Reads squads through the
 * organizations module's queries, chains and settings through routing's, agent personas from the
 * registry. Answers routing's rule statistics from its own rounds, the one record of who was asked.
 */
@Module({
  imports: [RegistryModule],
  controllers: [ConversationsController, ConversationViewsController],
  providers: [
    ConversationRepository,
    SquadMembersReader,
    ConversationStatisticsReader,
    ...commandHandlers,
    ...queryHandlers,
    EscalationDeadlineHandlers,
    AgentAnswerDeadlineHandler,
  ],
})
export class ConversationsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new ConversationsProjection());
    this.projections.register(new ConversationRoundsProjection());
    this.projections.register(new EscalationDeadlinesProjection());
  }
}
