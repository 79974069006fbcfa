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
 *   - `org:<tenantId>:discussion:<data.discussionId>` its discussion, when its data has a string `discussionId`,
 *   - `org:<tenantId>:queue`                   the team queue, when its data has a string `handoffId` (a handoff,
 *                                              its claim or release) or `queueItemId` (a question raised onto
 *                                              the queue, its claim, release, or the answer that takes it off),
 *   - `org:<tenantId>:pipeline:<data.pipelineId>` its feature pipeline, when its data has a string `pipelineId`.
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
  if (stringField(event.data, 'handoffId') || stringField(event.data, 'queueItemId')) rooms.push(`${tenantRoom(tenantId)}:queue`);
  const pipelineId = stringField(event.data, 'pipelineId');
  if (pipelineId) rooms.push(`${tenantRoom(tenantId)}:pipeline:${pipelineId}`);
  return rooms;
}

function stringField(
  data: unknown,
  field: 'squadId' | 'sessionId' | 'discussionId' | 'handoffId' | 'queueItemId' | 'pipelineId',
): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const SUBSCRIPTION =
  /^(organization|queue|squad:[\w-]{1,128}|session:[\w-]{1,128}|discussion:[\w-]{1,128}|pipeline:[\w-]{1,128}|stream:[a-z][a-z0-9_]*-[\w.:-]{1,200})$/;

/** The rooms a client may name, for refusals. */
export const SUBSCRIPTION_FORMS = 'organization, queue, squad:<id>, session:<id>, discussion:<id>, pipeline:<id> or stream:<streamId>';

/** What a client names (`organization`, `queue`, `squad:<id>`, `session:<id>`, `discussion:<id>`, `pipeline:<id>`, `stream:<streamId>`) → the room in its organization. */
export function roomFor(tenantId: string, subscription: string): string | undefined {
  if (!SUBSCRIPTION.test(subscription)) return undefined;
  if (subscription === 'organization') return tenantRoom(tenantId);
  return `${tenantRoom(tenantId)}:${subscription}`;
}
