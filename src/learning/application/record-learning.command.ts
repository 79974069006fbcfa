import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { LearningInput, LearningWritten } from './learning-input.js';

/**
 * Records a learning under `recordId` (a new id, or one derived from a pipeline run: recording it
 * again records nothing). A complexity snapshot goes to its file's stream, a docs entry to its
 * library version's (whose id the answer names).
 */
export class RecordLearningCommand extends Command<LearningWritten> {
  constructor(
    readonly context: CommandContext,
    readonly recordId: string,
    readonly input: LearningInput,
  ) {
    super();
  }
}
