import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DiscussionRepository, type DiscussionWritten } from './discussion.repository.js';
import { ProposeOptionCommand } from './propose-option.command.js';

/** The user puts an option to the participants; it is voted on in the next consensus phase. */
@CommandHandler(ProposeOptionCommand)
export class ProposeOptionHandler implements ICommandHandler<ProposeOptionCommand> {
  constructor(private readonly discussions: DiscussionRepository) {}

  execute(command: ProposeOptionCommand): Promise<DiscussionWritten> {
    const { context } = command;
    return this.discussions.handle(context, command.discussionId, {
      type: 'ProposeByUser',
      proposalId: command.proposalId,
      messageId: command.messageId,
      text: command.text,
      by: context.actor,
      now: context.now,
    });
  }
}
