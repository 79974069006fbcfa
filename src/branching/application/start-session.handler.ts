import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetSquadQuery } from '../../organizations/index.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import { StartSessionCommand } from './start-session.command.js';
import type { SessionWritten } from './session.view.js';

/** Opens a session with its root branch; a squad, when named, must be one of the organization's (else 404). */
@CommandHandler(StartSessionCommand)
export class StartSessionHandler implements ICommandHandler<StartSessionCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
    private readonly queries: QueryBus,
  ) {}

  async execute(command: StartSessionCommand): Promise<SessionWritten> {
    const { context } = command;
    if (command.squadId) await this.queries.execute(new GetSquadQuery(context.tenantId, command.squadId));
    const written = await this.sessions.handle(
      context,
      command.sessionId,
      {
        type: 'StartSession',
        sessionId: command.sessionId,
        organizationId: context.tenantId,
        squadId: command.squadId,
        problem: command.problem,
        domain: command.domain,
        title: command.title,
        rootBranchId: command.rootBranchId,
        by: context.actor,
        now: context.now,
      },
      { expectedVersion: 0 },
    );
    return { session: await this.reader.session(context.tenantId, command.sessionId), version: written.version };
  }
}
