import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DecideDiscussionCommand } from './decide-discussion.command.js';
import { DiscussionRepository, type DiscussionWritten } from './discussion.repository.js';

/** The user breaks the tie when the participants could not agree (state `needs_decision`). */
@CommandHandler(DecideDiscussionCommand)
export class DecideDiscussionHandler implements ICommandHandler<DecideDiscussionCommand> {
  constructor(private readonly discussions: DiscussionRepository) {}

  execute(command: DecideDiscussionCommand): Promise<DiscussionWritten> {
    const { context } = command;
    return this.discussions.handle(context, command.discussionId, {
      type: 'DecideDiscussion',
      proposalId: command.proposalId,
      note: command.note,
      by: context.actor,
      now: context.now,
    });
  }
}
