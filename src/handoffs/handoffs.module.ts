import { Module, type OnModuleInit } from '@nestjs/common';
import { BranchingModule } from '../branching/index.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { QueueController, SessionHandoffsController } from './api/handoffs.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { HandoffReader } from './application/handoff.reader.js';
import { HandoffRepository } from './application/handoff.repository.js';
import { QueueReader } from './application/queue.reader.js';
import { QueuedQuestionRepository } from './application/queued-question.repository.js';
import { HandoffPsaNotesProjection } from './projections/handoff-psa-notes.projection.js';
import { HandoffsProjection } from './projections/handoffs.projection.js';
import { QueuedQuestionsProjection } from './projections/queued-questions.projection.js';
import { HandoffAssessmentDeadlineHandler } from './sagas/handoff-assessment.deadline-handler.js';
import { HandoffAssessmentDeadlinesProjection } from './sagas/handoff-assessment.deadlines.js';
import { HandoffBriefingDeadlineHandler } from './sagas/handoff-briefing.deadline-handler.js';
import { HandoffBriefingDeadlinesProjection } from './sagas/handoff-briefing.deadlines.js';

/**
 * Handoffs: park or escalate a troubleshooting session with a snapshot, one team queue, an atomic claim
 * with a briefing, release, and the time a session waited. Decided on the branching module's session
 * streams (so a claim and any work on the session are ordered by one version). Each handoff is
 * pushed to the organization's PSA as a ticket note through the PSA integration's outbox. An
 * escalation gets an AI assessment afterwards, from a durable deadline, as its own event; a claim gets a
 * model-written briefing the same way. Questions
 * whose escalation chain ran out join the same queue (from conversation events) until answered.
 */
@Module({
  imports: [BranchingModule],
  controllers: [SessionHandoffsController, QueueController],
  providers: [
    HandoffRepository,
    HandoffReader,
    QueuedQuestionRepository,
    QueueReader,
    HandoffAssessmentDeadlineHandler,
    HandoffBriefingDeadlineHandler,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class HandoffsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new HandoffsProjection());
    this.projections.register(new HandoffPsaNotesProjection());
    this.projections.register(new QueuedQuestionsProjection());
    this.projections.register(new HandoffAssessmentDeadlinesProjection());
    this.projections.register(new HandoffBriefingDeadlinesProjection());
  }
}
