import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { LearningWritten } from './learning-input.js';

/** The work estimated is done: how many sessions it took. Completing again with the same figure changes nothing. */
export class CompleteEstimateCommand extends Command<LearningWritten> {
  constructor(
    readonly context: CommandContext,
    readonly estimateId: string,
    readonly actualSessions: number,
  ) {
    super();
  }
}
