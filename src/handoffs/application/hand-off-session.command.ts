import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { HandoffKind, HandoffPriority } from '../../branching/index.js';
import type { HandoffWritten } from './handoff.view.js';

export class HandOffSessionCommand extends Command<HandoffWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly handoffId: string,
    readonly kind: HandoffKind,
    readonly notes: string,
    readonly priority: HandoffPriority,
  ) {
    super();
  }
}
