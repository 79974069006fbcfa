import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { estimateDecider } from '../domain/estimate.decider.js';
import { learningStreamId } from '../domain/learning.stream.js';
import { CompleteEstimateCommand } from './complete-estimate.command.js';
import type { LearningWritten } from './learning-input.js';
import { LearningRepository } from './learning.repository.js';

@CommandHandler(CompleteEstimateCommand)
export class CompleteEstimateHandler implements ICommandHandler<CompleteEstimateCommand> {
  constructor(private readonly repository: LearningRepository) {}

  async execute({ context, estimateId, actualSessions }: CompleteEstimateCommand): Promise<LearningWritten> {
    const target = { streamId: learningStreamId('estimate', estimateId), what: 'estimate', id: estimateId };
    const { version } = await this.repository.handle(context, target, estimateDecider, {
      type: 'CompleteEstimate',
      estimateId,
      actualSessions,
      by: context.actor,
      now: context.now,
    });
    return { id: estimateId, version };
  }
}
