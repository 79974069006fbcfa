import type { RecordedEvent } from '../event-store/event.types.js';

/**
 * Rooms are named inside their organization (`org:<tenantId>…`), so a client can only ever join
 * rooms of its own organization: the same squad id under another tenant is another, empty room.
 *
 * An event reaches:
 *   - `org:<tenantId>`                        its organization (metadata.tenantId),
 *   - `org:<tenantId>:stream:<streamId>`      its stream,
 *   - `org:<tenantId>:squad:<data.squadId>`   its squad, when its data has a string `squadId`,
 *   - `org:<tenantId>:session:<data.sessionId>` its troubleshooting session (all of its branches' streams),
 *                                              when its data has a string `sessionId`,
 *   - `org:<tenantId>:discussion:<data.discussionId>` its discussion, when its data has a string `discussionId`.
 * Events without a tenant (system-wide) reach no client.
 */
export function tenantRoom(tenantId: string): string {
  return `org:${tenantId}`;
}

export function roomsOf(event: RecordedEvent): string[] {
  const tenantId = event.metadata.tenantId;
  if (!tenantId) return [];
  const rooms = [tenantRoom(tenantId), `${tenantRoom(tenantId)}:stream:${event.streamId}`];
  const squadId = stringField(event.data, 'squadId');
  if (squadId) rooms.push(`${tenantRoom(tenantId)}:squad:${squadId}`);
  const sessionId = stringField(event.data, 'sessionId');
  if (sessionId) rooms.push(`${tenantRoom(tenantId)}:session:${sessionId}`);
  const discussionId = stringField(event.data, 'discussionId');
  if (discussionId) rooms.push(`${tenantRoom(tenantId)}:discussion:${discussionId}`);
  return rooms;
}

function stringField(data: unknown, field: 'squadId' | 'sessionId' | 'discussionId'): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const SUBSCRIPTION = /^(organization|squad:[\w-]{1,128}|session:[\w-]{1,128}|discussion:[\w-]{1,128}|stream:[a-z][a-z0-9_]*-[\w.:-]{1,200})$/;

/** The rooms a client may name, for refusals. */
export const SUBSCRIPTION_FORMS = 'organization, squad:<id>, session:<id>, discussion:<id> or stream:<streamId>';

/** What a client names (`organization`, `squad:<id>`, `session:<id>`, `discussion:<id>`, `stream:<streamId>`) → the room in its organization. */
export function roomFor(tenantId: string, subscription: string): string | undefined {
  if (!SUBSCRIPTION.test(subscription)) return undefined;
  if (subscription === 'organization') return tenantRoom(tenantId);
  return `${tenantRoom(tenantId)}:${subscription}`;
}
