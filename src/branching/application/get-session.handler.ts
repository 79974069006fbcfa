import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetSessionQuery } from './get-session.query.js';
import { SessionReader } from './session.reader.js';

@QueryHandler(GetSessionQuery)
export class GetSessionHandler implements IQueryHandler<GetSessionQuery> {
  constructor(private readonly reader: SessionReader) {}
  execute({ tenantId, sessionId }: GetSessionQuery) {
    return this.reader.session(tenantId, sessionId);
  }
}
