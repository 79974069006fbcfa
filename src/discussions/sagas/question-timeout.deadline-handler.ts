import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { DiscussionRepository } from '../application/discussion.repository.js';
import { QUESTION_TIMEOUT_DEADLINE, type QuestionTimeoutPayload } from './discussion-deadlines.projection.js';

/** Delivers a question's timeout as a command; the decider reminds, assumes, or finds it stale. */
@Injectable()
export class QuestionTimeoutDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly discussions: DiscussionRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<QuestionTimeoutPayload>(QUESTION_TIMEOUT_DEADLINE, (deadline) => this.timeOut(deadline));
  }

  async timeOut(deadline: DueDeadline<QuestionTimeoutPayload>): Promise<void> {
    const { discussionId, questionId, timer } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const context = systemContext(
      { tenantId, actor: { kind: 'system', id: 'question-timeout' }, causationId: deadline.key, correlationId: discussionId },
      this.clock.now(),
    );
    try {
      await this.discussions.handle(context, discussionId, {
        type: 'TimeOutQuestion',
        questionId,
        timer,
        messageId: randomUUID(),
        noticeId: randomUUID(),
        now: context.now,
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}
