import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DiscussionReader } from './discussion.reader.js';
import { SearchDiscussionMessagesQuery } from './search-discussion-messages.query.js';

@QueryHandler(SearchDiscussionMessagesQuery)
export class SearchDiscussionMessagesHandler implements IQueryHandler<SearchDiscussionMessagesQuery> {
  constructor(private readonly reader: DiscussionReader) {}
  execute({ tenantId, text, limit }: SearchDiscussionMessagesQuery) {
    return this.reader.search(tenantId, text, limit);
  }
}
