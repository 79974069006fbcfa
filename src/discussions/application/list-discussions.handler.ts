import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DiscussionReader } from './discussion.reader.js';
import { ListDiscussionsQuery } from './list-discussions.query.js';

@QueryHandler(ListDiscussionsQuery)
export class ListDiscussionsHandler implements IQueryHandler<ListDiscussionsQuery> {
  constructor(private readonly reader: DiscussionReader) {}
  execute({ tenantId, filter, page }: ListDiscussionsQuery) {
    return this.reader.list(tenantId, filter, page);
  }
}
