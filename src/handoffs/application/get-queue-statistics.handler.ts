import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetQueueStatisticsQuery } from './get-queue-statistics.query.js';
import { QueueReader } from './queue.reader.js';

@QueryHandler(GetQueueStatisticsQuery)
export class GetQueueStatisticsHandler implements IQueryHandler<GetQueueStatisticsQuery> {
  constructor(private readonly reader: QueueReader) {}
  execute({ tenantId, window }: GetQueueStatisticsQuery) {
    return this.reader.statistics(tenantId, window);
  }
}
