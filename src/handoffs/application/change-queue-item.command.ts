import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { QueueItemWritten } from './queue-item.view.js';

/** Claim an item of the team queue, or put a claimed one back; `byAdmin` may put back anyone's. */
export class ChangeQueueItemCommand extends Command<QueueItemWritten> {
  constructor(
    readonly context: CommandContext,
    readonly itemId: string,
    readonly change: 'claim' | 'release',
    readonly byAdmin: boolean,
  ) {
    super();
  }
}
