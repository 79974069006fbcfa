import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { SessionWritten } from './session.view.js';

export class StartSessionCommand extends Command<SessionWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly rootBranchId: string,
    readonly problem: string,
    readonly domain: string | null,
    readonly squadId: string | null,
    readonly title: string | null,
  ) {
    super();
  }
}
