import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { PushTarget } from '../domain/output.types.js';
import type { OutputWritten } from './output.view.js';

/** A reviewer's change to an output. */
export type OutputChange =
  | { kind: 'edit'; content: string }
  | { kind: 'regenerate'; instructions: string | null }
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | { kind: 'push'; target: PushTarget; to: string[] | null };

export class ChangeOutputCommand extends Command<OutputWritten> {
  constructor(
    readonly context: CommandContext,
    readonly outputId: string,
    readonly change: OutputChange,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
