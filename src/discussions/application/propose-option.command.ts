import type { CommandContext } from '../../platform/decider/command-context.js';

export class ProposeOptionCommand {
  constructor(
    readonly context: CommandContext,
    readonly discussionId: string,
    readonly proposalId: string,
    readonly messageId: string,
    readonly text: string,
  ) {}
}
