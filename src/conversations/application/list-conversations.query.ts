import { Query } from '@nestjs/cqrs';
import type { PageRequest } from './conversation-page.js';
import type { KeyedSummary } from './conversation-page.js';
import type { ConversationFilter } from './conversation-filter.js';

export class ListConversationsQuery extends Query<KeyedSummary[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: ConversationFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}
