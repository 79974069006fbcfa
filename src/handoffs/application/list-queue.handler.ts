import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListQueueQuery } from './list-queue.query.js';
import { QueueReader } from './queue.reader.js';

@QueryHandler(ListQueueQuery)
export class ListQueueHandler implements IQueryHandler<ListQueueQuery> {
  constructor(private readonly reader: QueueReader) {}
  execute({ tenantId, filter, page }: ListQueueQuery) {
    return this.reader.waiting(tenantId, filter, page);
  }
}
