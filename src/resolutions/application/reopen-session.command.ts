import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';

export class ReopenSessionCommand extends Command<{ version: number }> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly reason: string | null,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
