import type { Actor, RecordedEvent } from '../event-store/event.types.js';

/** A committed domain event as clients receive it (socket event `event`). */
export interface DeliveredEvent {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: { tenantId: string | null; actor: Actor | null; correlationId: string; causationId: string | null };
  recordedAt: string;
}

/** An ephemeral signal (socket event `signal`): not stored, no position. */
export interface Signal {
  room: string;
  kind: string;
  from: { keyId?: string; memberId?: string; system?: true };
  data: unknown;
  at: string;
}

export interface SubscribeRequest {
  /** `organization`, `squad:<squadId>`, `stream:<streamId>` */
  rooms: string[];
  /** The last position the client saw: every later event of these rooms is sent first, in order. */
  after?: number;
  /**
   * Batched delivery for this connection from now on: one `events` message per delivery carrying
   * the events, in position order, instead of one `event` message each (catch-up included).
   */
  batch?: boolean;
}

export type SubscribeAck = { ok: true; rooms: string[]; position: number } | { ok: false; error: string };
export type SignalRequest = { room: string; kind: string; data?: unknown };
export type Ack = { ok: true } | { ok: false; error: string };

/** The socket events this server emits, and what it receives: the one typed map of the channel. */
export interface ServerToClientEvents {
  event: (event: DeliveredEvent) => void;
  /** To a connection that subscribed with `batch: true`: events of its rooms, in position order, each once. */
  events: (events: DeliveredEvent[]) => void;
  signal: (signal: Signal) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { rooms: string[] }, ack: (result: Ack) => void) => void;
  signal: (request: SignalRequest, ack: (result: Ack) => void) => void;
}

/** Data fields never sent to clients (secrets stored in events, like a key's hash). */
const PRIVATE_FIELDS = new Set(['keyHash']);

export function toDelivered(event: RecordedEvent): DeliveredEvent {
  const data =
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
      ? Object.fromEntries(Object.entries(event.data).filter(([field]) => !PRIVATE_FIELDS.has(field)))
      : event.data;
  const { tenantId, actor, correlationId, causationId } = event.metadata;
  return {
    position: event.position,
    streamId: event.streamId,
    streamType: event.streamType,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data,
    metadata: { tenantId, actor, correlationId, causationId },
    recordedAt: new Date(event.recordedAt).toISOString(),
  };
}
