import type { RecordedEvent } from '../../platform/event-store/event.types.js';

/** Every registry event belongs to a tenant; an event without one is a bug upstream, not data to guess. */
export function tenantOf(event: RecordedEvent): string {
  const tenantId = event.metadata.tenantId;
  if (!tenantId) throw new Error(`registry event ${event.type} at position ${event.position} has no tenant`);
  return tenantId;
}
