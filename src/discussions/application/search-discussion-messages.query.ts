import { Query } from '@nestjs/cqrs';
import type { MessageHit } from './discussion.reader.js';

export class SearchDiscussionMessagesQuery extends Query<MessageHit[]> {
  constructor(
    readonly tenantId: string,
    readonly text: string,
    readonly limit: number,
  ) {
    super();
  }
}
