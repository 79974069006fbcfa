import type { CommandContext } from '../../platform/decider/command-context.js';

export class PostDiscussionMessageCommand {
  constructor(
    readonly context: CommandContext,
    readonly discussionId: string,
    readonly messageId: string,
    readonly text: string,
    /** The pending question it answers, or the message it replies to. */
    readonly inReplyTo: string | null,
  ) {}
}
