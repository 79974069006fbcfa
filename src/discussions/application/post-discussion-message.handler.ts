import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DiscussionRepository, type DiscussionWritten } from './discussion.repository.js';
import { PostDiscussionMessageCommand } from './post-discussion-message.command.js';

/** The user speaks: answers the pending question (the discussion goes on) or adds to the thread at any time. */
@CommandHandler(PostDiscussionMessageCommand)
export class PostDiscussionMessageHandler implements ICommandHandler<PostDiscussionMessageCommand> {
  constructor(private readonly discussions: DiscussionRepository) {}

  execute(command: PostDiscussionMessageCommand): Promise<DiscussionWritten> {
    const { context } = command;
    return this.discussions.handle(context, command.discussionId, {
      type: 'PostUserMessage',
      messageId: command.messageId,
      text: command.text,
      inReplyTo: command.inReplyTo,
      by: context.actor,
      noticeId: randomUUID(),
      now: context.now,
    });
  }
}
