import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { HandoffReader } from './handoff.reader.js';
import { ListSessionHandoffsQuery } from './list-session-handoffs.query.js';

@QueryHandler(ListSessionHandoffsQuery)
export class ListSessionHandoffsHandler implements IQueryHandler<ListSessionHandoffsQuery> {
  constructor(private readonly reader: HandoffReader) {}

  execute({ tenantId, sessionId }: ListSessionHandoffsQuery) {
    return this.reader.ofSession(tenantId, sessionId);
  }
}
