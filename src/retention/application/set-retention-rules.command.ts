import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { RetentionRule } from '../domain/retention.types.js';

export class SetRetentionRulesCommand extends Command<void> {
  constructor(
    readonly context: CommandContext,
    readonly rules: RetentionRule[],
  ) {
    super();
  }
}
