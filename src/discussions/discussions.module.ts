import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RealtimeModule } from '../platform/realtime/realtime.module.js';
import { RegistryModule } from '../registry/index.js';
import { DiscussionsController } from './api/discussions.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { DiscussionReader } from './application/discussion.reader.js';
import { DiscussionRepository } from './application/discussion.repository.js';
import { DiscussionsProjection } from './projections/discussions.projection.js';
import { DiscussionDeadlinesProjection } from './sagas/discussion-deadlines.projection.js';
import { DiscussionOutcomeDeadlineHandler } from './sagas/discussion-outcome.deadline-handler.js';
import { DiscussionTurnDeadlineHandler } from './sagas/discussion-turn.deadline-handler.js';
import { QuestionTimeoutDeadlineHandler } from './sagas/question-timeout.deadline-handler.js';

/**
 * Discussions: registry agents reach a decision on a user's goal in phases, turn by turn (each turn
 * a durable step), with proposals, votes under a consensus rule, questions to the user, and the
 * user's tie-break. Reads agents through the registry's public queries.
 */
@Module({
  imports: [RealtimeModule, RegistryModule],
  controllers: [DiscussionsController],
  providers: [
    DiscussionRepository,
    DiscussionReader,
    ...commandHandlers,
    ...queryHandlers,
    DiscussionTurnDeadlineHandler,
    QuestionTimeoutDeadlineHandler,
    DiscussionOutcomeDeadlineHandler,
  ],
})
export class DiscussionsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new DiscussionsProjection());
    this.projections.register(new DiscussionDeadlinesProjection());
  }
}
