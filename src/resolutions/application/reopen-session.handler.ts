import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReopenSessionCommand } from './reopen-session.command.js';
import { ResolutionRepository } from './resolution.repository.js';

@CommandHandler(ReopenSessionCommand)
export class ReopenSessionHandler implements ICommandHandler<ReopenSessionCommand> {
  constructor(private readonly resolutions: ResolutionRepository) {}

  execute({ context, sessionId, reason, expectedVersion }: ReopenSessionCommand): Promise<{ version: number }> {
    return this.resolutions.handle(
      context,
      sessionId,
      { type: 'ReopenSession', reason, by: context.actor, now: context.now },
      expectedVersion,
    );
  }
}
