import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RealtimeModule } from '../platform/realtime/realtime.module.js';
import { AttachmentsModule } from './attachments/index.js';
import { SessionsController } from './api/sessions.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { SessionReader } from './application/session.reader.js';
import { SessionRepository } from './application/session.repository.js';
import { BranchingSessionsProjection } from './projections/sessions.projection.js';
import { BranchSummaryDeadlineHandler } from './sagas/branch-summary.deadline-handler.js';
import { BranchSummaryDeadlinesProjection } from './sagas/branch-summary.deadlines.js';

/**
 * Troubleshooting sessions with branches (hypotheses): fork by reference, switch, dead end, solved,
 * revive with evidence, files attached to branches, and messages answered with a branch-aware prompt. Reads the organization's
 * plan and squads through the organizations module's queries.
 */
@Module({
  // Static modules are singletons: this is the platform's one realtime channel, for the streamed replies.
  imports: [RealtimeModule, AttachmentsModule],
  controllers: [SessionsController],
  providers: [SessionRepository, SessionReader, ...commandHandlers, ...queryHandlers, BranchSummaryDeadlineHandler],
  // The handoffs module loads sessions and reads their views.
  exports: [SessionRepository, SessionReader],
})
export class BranchingModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new BranchingSessionsProjection());
    this.projections.register(new BranchSummaryDeadlinesProjection());
  }
}
