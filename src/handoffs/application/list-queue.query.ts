import { Query } from '@nestjs/cqrs';
import type { QueueItemView } from './queue-item.view.js';
import type { QueueFilter } from './queue.reader.js';

export class ListQueueQuery extends Query<{ key: number; view: QueueItemView }[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: QueueFilter,
    readonly page: { after: number; limit: number },
  ) {
    super();
  }
}
