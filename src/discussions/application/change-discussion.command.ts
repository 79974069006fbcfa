import type { CommandContext } from '../../platform/decider/command-context.js';

export type DiscussionTransition = 'start' | 'pause' | 'resume' | 'stop';

export class ChangeDiscussionCommand {
  constructor(
    readonly context: CommandContext,
    readonly discussionId: string,
    readonly transition: DiscussionTransition,
    /** Why it was stopped (stop only). */
    readonly reason: string | null,
    readonly expectedVersion?: number,
  ) {}
}
