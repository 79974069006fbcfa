import { Module, type OnModuleInit } from '@nestjs/common';
import { Database } from '../platform/database/database.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RegistryModule } from '../registry/index.js';
import { RoutingStatistics } from '../routing/index.js';
import { ConversationViewsController } from './api/conversation-views.controller.js';
import { ConversationsController } from './api/conversations.controller.js';
import { AskQuestionHandler } from './application/ask-question.handler.js';
import { ConversationStatisticsReader } from './application/conversation-statistics.js';
import { ConversationRepository } from './application/conversation.repository.js';
import { conversationQueryHandlers } from './application/conversations-query.handlers.js';
import { AnswerQuestionHandler, SayCantHelpHandler } from './application/respond.handlers.js';
import { SquadMembersReader } from './application/squad-members.reader.js';
import { ConversationRoundsProjection } from './projections/conversation-rounds.projection.js';
import { ConversationsProjection } from './projections/conversations.projection.js';
import { AgentAnswerDeadlineHandler } from './sagas/agent-answer.deadline-handler.js';
import { EscalationDeadlinesProjection } from './sagas/escalation-deadlines.projection.js';
import { EscalationDeadlineHandlers } from './sagas/escalation.deadline-handlers.js';

/**
 * Routed questions with durable timeout → follow-up → escalation. Reads squads through the
 * organizations module's queries, chains and settings through routing's, agent personas from the
 * registry; feeds routing's rule statistics from its projection.
 */
@Module({
  imports: [RegistryModule],
  controllers: [ConversationsController, ConversationViewsController],
  providers: [
    ConversationRepository,
    SquadMembersReader,
    ConversationStatisticsReader,
    AskQuestionHandler,
    AnswerQuestionHandler,
    SayCantHelpHandler,
    ...conversationQueryHandlers,
    EscalationDeadlineHandlers,
    AgentAnswerDeadlineHandler,
    // Routing's counters are written in our projection's transaction; the class only needs the database.
    { provide: RoutingStatistics, inject: [Database], useFactory: (db: Database) => new RoutingStatistics(db) },
  ],
})
export class ConversationsModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly routingStatistics: RoutingStatistics,
  ) {}

  onModuleInit(): void {
    this.projections.register(new ConversationsProjection());
    this.projections.register(new ConversationRoundsProjection(this.routingStatistics));
    this.projections.register(new EscalationDeadlinesProjection());
  }
}
