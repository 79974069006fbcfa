import { Query } from '@nestjs/cqrs';
import type { PageRequest } from './conversation-page.js';
import type { KeyedSummary } from './conversation-page.js';

/** Open questions currently waiting on a member, oldest first. */
export class GetMemberInboxQuery extends Query<KeyedSummary[]> {
  constructor(
    readonly tenantId: string,
    readonly memberId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
