import { ChangeQueueItemHandler } from './change-queue-item.handler.js';
import { GetQueueStatisticsHandler } from './get-queue-statistics.handler.js';
import { HandOffSessionHandler } from './hand-off-session.handler.js';
import { ListQueueHandler } from './list-queue.handler.js';
import { ListSessionHandoffsHandler } from './list-session-handoffs.handler.js';

export const commandHandlers = [HandOffSessionHandler, ChangeQueueItemHandler];
export const queryHandlers = [ListQueueHandler, ListSessionHandoffsHandler, GetQueueStatisticsHandler];
