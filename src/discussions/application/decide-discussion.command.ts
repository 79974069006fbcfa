import type { CommandContext } from '../../platform/decider/command-context.js';

export class DecideDiscussionCommand {
  constructor(
    readonly context: CommandContext,
    readonly discussionId: string,
    readonly proposalId: string,
    readonly note: string | null,
  ) {}
}
