import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { SessionWritten } from './session.view.js';

/** A branch transition the operator asks for; the decider says whether the branch's status allows it. */
export type BranchTransition =
  | { kind: 'switch' }
  | { kind: 'dead_end'; reason: string }
  | { kind: 'solved'; reason: string }
  | { kind: 'revive'; evidenceFromBranchId: string; evidence: string; noteMessageId: string };

export class ChangeBranchCommand extends Command<SessionWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly branchId: string,
    readonly transition: BranchTransition,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
