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
    // Three independent reads at once; only the load refuses (an unknown session), the position is judged after it.
    const [loaded, organization, stored] = await Promise.all([
      this.sessions.load(context.tenantId, sessionId),
      this.queries.execute(new GetOrganizationQuery(context.tenantId, context.tenantId)),
      this.storedPosition(sessionId, command.fromBranchId, command.atMessageId),
    ]);
    const at = this.forkPosition(loaded.state, command.fromBranchId, command.atMessageId, stored);
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

  /** The named message's place, or the branch's latest own message's (none: the branch has none of its own yet). */
  private async storedPosition(sessionId: string, fromBranchId: string, atMessageId: string | null): Promise<ForkPosition | undefined> {
    if (atMessageId) return this.reader.messageIn(sessionId, atMessageId);
    const latest = await this.reader.latestOwnPosition(fromBranchId);
    return latest === undefined ? undefined : { branchId: fromBranchId, position: latest };
  }

  private forkPosition(
    state: OpenSession,
    fromBranchId: string,
    atMessageId: string | null,
    stored: ForkPosition | undefined,
  ): ForkPosition {
    const from = state.branches[fromBranchId];
    if (!from) throw new UnknownBranchError(fromBranchId);
    if (atMessageId && !stored) throw new NotFoundError('message', atMessageId);
    return stored ?? from.at ?? { branchId: fromBranchId, position: 0 };
  }
}
