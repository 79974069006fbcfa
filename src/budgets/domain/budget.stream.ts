import { streamId } from '../../platform/event-store/stream-id.js';

export const BUDGET_STREAM = 'budget';

export function budgetStreamId(tenantId: string, budgetId: string): string {
  return streamId(BUDGET_STREAM, `${tenantId}:${budgetId}`);
}
