import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnknownBranchError } from '../domain/session.errors.js';
import { lineageOf } from '../domain/session.state.js';
import { GetBranchMessagesQuery } from './get-branch-messages.query.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';

/** The inherited history up to the fork, then the branch's own; each message names the branch it belongs to. */
@QueryHandler(GetBranchMessagesQuery)
export class GetBranchMessagesHandler implements IQueryHandler<GetBranchMessagesQuery> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
  ) {}

  async execute({ tenantId, sessionId, branchId }: GetBranchMessagesQuery) {
    const { state } = await this.sessions.load(tenantId, sessionId);
    if (!state.branches[branchId]) throw new UnknownBranchError(branchId);
    return this.reader.history(branchId, lineageOf(state, branchId));
  }
}
