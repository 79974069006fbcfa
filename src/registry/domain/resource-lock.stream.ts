import { streamId } from '../../platform/event-store/stream-id.js';

export const RESOURCE_LOCK_STREAM = 'resource_lock';
export const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

/** One stream per named resource per tenant: its holders and waiters over time. */
export function resourceLockStreamId(tenantId: string, resource: string): string {
  return streamId(RESOURCE_LOCK_STREAM, `${tenantId}:${resource}`);
}
