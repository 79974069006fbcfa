import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { RetentionOutcome } from '../domain/retention.types.js';

/** A run by hand for the caller's organization, now (the daily sweep runs for everyone). */
export class RunRetentionCommand extends Command<RetentionOutcome[]> {
  constructor(readonly context: CommandContext) {
    super();
  }
}
