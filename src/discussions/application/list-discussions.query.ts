import { Query } from '@nestjs/cqrs';
import type { DiscussionFilter, DiscussionSummary } from './discussion.reader.js';

export class ListDiscussionsQuery extends Query<{ key: number; view: DiscussionSummary }[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: DiscussionFilter,
    readonly page: { after: number; limit: number },
  ) {
    super();
  }
}
