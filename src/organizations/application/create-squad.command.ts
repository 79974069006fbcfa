import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { Written } from './written.js';

export class CreateSquadCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly name: string,
    readonly description: string,
  ) {
    super();
  }
}
