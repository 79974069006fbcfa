import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { HypothesisOption } from '../domain/session.types.js';
import type { SessionWritten } from './session.view.js';

export class ForkSessionCommand extends Command<SessionWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly fromBranchId: string,
    /** The last message the new branches inherit; null: the branch's latest. */
    readonly atMessageId: string | null,
    readonly reason: string,
    readonly options: HypothesisOption[],
    readonly activateFirst: boolean,
    readonly forkId: string,
    readonly branchIds: string[],
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
