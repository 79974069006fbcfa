import type { RecordedEvent } from '../event-store/event.types.js';

/**
 * Rooms are named inside their organization (`org:<tenantId>…`), so a client can only ever join
 * rooms of its own organization: the same squad id under another tenant is another, empty room.
 *
 * An event reaches:
 *   - `org:<tenantId>`                        its organization (metadata.tenantId),
 *   - `org:<tenantId>:stream:<streamId>`      its stream,
 *   - `org:<tenantId>:squad:<data.squadId>`   its squad, when its data has a string `squadId`.
 * Events without a tenant (system-wide) reach no client.
 */
export function tenantRoom(tenantId: string): string {
  return `org:${tenantId}`;
}

export function roomsOf(event: RecordedEvent): string[] {
  const tenantId = event.metadata.tenantId;
  if (!tenantId) return [];
  const rooms = [tenantRoom(tenantId), `${tenantRoom(tenantId)}:stream:${event.streamId}`];
  const squadId = squadIdOf(event.data);
  if (squadId) rooms.push(`${tenantRoom(tenantId)}:squad:${squadId}`);
  return rooms;
}

function squadIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const squadId = (data as { squadId?: unknown }).squadId;
  return typeof squadId === 'string' && squadId.length > 0 ? squadId : undefined;
}

const SUBSCRIPTION = /^(organization|squad:[\w-]{1,128}|stream:[a-z][a-z0-9_]*-[\w.:-]{1,200})$/;

/** What a client names (`organization`, `squad:<id>`, `stream:<streamId>`) → the room in its organization. */
export function roomFor(tenantId: string, subscription: string): string | undefined {
  if (!SUBSCRIPTION.test(subscription)) return undefined;
  if (subscription === 'organization') return tenantRoom(tenantId);
  return `${tenantRoom(tenantId)}:${subscription}`;
}
