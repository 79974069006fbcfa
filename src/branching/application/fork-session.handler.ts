import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { GetOrganizationQuery } from '../../organizations/index.js';
import { branchLimitOf } from '../domain/plan-limits.js';
import { UnknownBranchError } from '../domain/session.errors.js';
import type { OpenSession } from '../domain/session.state.js';
import type { ForkPosition } from '../domain/session.types.js';
import { ForkSessionCommand } from './fork-session.command.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import type { SessionWritten } from './session.view.js';

/**
 * Forks by reference: the fork position is found with one indexed lookup (the named message, or the
 * branch's latest) and the new branches point at it, so the cost does not depend on how long the
 * history is. The plan comes from the organizations module.
 */
@CommandHandler(ForkSessionCommand)
export class ForkSessionHandler implements ICommandHandler<ForkSessionCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
    private readonly queries: QueryBus,
  ) {}

  async execute(command: ForkSessionCommand): Promise<SessionWritten> {
    const { context, sessionId } = command;
    const loaded = await this.sessions.load(context.tenantId, sessionId);
    const organization = await this.queries.execute(new GetOrganizationQuery(context.tenantId, context.tenantId));
    const at = await this.forkPosition(loaded.state, command.fromBranchId, command.atMessageId);
    const written = await this.sessions.handle(
      context,
      sessionId,
      {
        type: 'ForkBranch',
        forkId: command.forkId,
        fromBranchId: command.fromBranchId,
        at,
        reason: command.reason,
        options: command.options,
        branchIds: command.branchIds,
        activateFirst: command.activateFirst,
        limit: branchLimitOf(organization.plan),
        by: context.actor,
        now: context.now,
      },
      { loaded, expectedVersion: command.expectedVersion },
    );
    return { session: await this.reader.session(context.tenantId, sessionId), version: written.version };
  }

  private async forkPosition(state: OpenSession, fromBranchId: string, atMessageId: string | null): Promise<ForkPosition> {
    const from = state.branches[fromBranchId];
    if (!from) throw new UnknownBranchError(fromBranchId);
    if (atMessageId) {
      const message = await this.reader.messageIn(state.id, atMessageId);
      if (!message) throw new NotFoundError('message', atMessageId);
      return message;
    }
    const latest = await this.reader.latestOwnPosition(fromBranchId);
    if (latest !== undefined) return { branchId: fromBranchId, position: latest };
    return from.at ?? { branchId: fromBranchId, position: 0 };
  }
}
