import { Query } from '@nestjs/cqrs';
import type { QueueStatistics, QueueStatisticsWindow } from './queue-statistics.js';

export class GetQueueStatisticsQuery extends Query<QueueStatistics> {
  constructor(
    readonly tenantId: string,
    readonly window: QueueStatisticsWindow,
  ) {
    super();
  }
}
