import { Query } from '@nestjs/cqrs';
import type { ConversationStatistics } from './conversation-statistics.js';

export class GetConversationStatisticsQuery extends Query<ConversationStatistics> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
