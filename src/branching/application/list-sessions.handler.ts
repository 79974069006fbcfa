import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListSessionsQuery } from './list-sessions.query.js';
import { SessionReader } from './session.reader.js';

@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery> {
  constructor(private readonly reader: SessionReader) {}
  execute({ tenantId, filter, page }: ListSessionsQuery) {
    return this.reader.list(tenantId, filter, page);
  }
}
