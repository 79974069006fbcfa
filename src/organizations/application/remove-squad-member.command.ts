import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { Written } from './written.js';

export class RemoveSquadMemberCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly memberId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
