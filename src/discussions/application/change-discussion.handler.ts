import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DiscussionCommand } from '../domain/discussion.commands.js';
import { ChangeDiscussionCommand } from './change-discussion.command.js';
import { DiscussionRepository, type DiscussionWritten } from './discussion.repository.js';

/** Start (a discussion opened with autoStart false), pause, resume, stop. */
@CommandHandler(ChangeDiscussionCommand)
export class ChangeDiscussionHandler implements ICommandHandler<ChangeDiscussionCommand> {
  constructor(private readonly discussions: DiscussionRepository) {}

  execute({ context, discussionId, transition, reason, expectedVersion }: ChangeDiscussionCommand): Promise<DiscussionWritten> {
    const by = context.actor;
    const now = context.now;
    const commands: Record<ChangeDiscussionCommand['transition'], DiscussionCommand> = {
      start: { type: 'StartDiscussion', by, now },
      pause: { type: 'PauseDiscussion', reason: null, noticeId: randomUUID(), by, now },
      resume: { type: 'ResumeDiscussion', by, noticeId: randomUUID(), now },
      stop: { type: 'StopDiscussion', reason, by, now },
    };
    return this.discussions.handle(context, discussionId, commands[transition], { expectedVersion });
  }
}
