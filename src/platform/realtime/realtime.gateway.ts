import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { apiKeyFromHeaders } from '../http/auth/api-key-header.js';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator, type Principal } from '../http/auth/principal.js';
import { EventStore } from '../event-store/event-store.js';
import type { RecordedEvent } from '../event-store/event.types.js';
import { realtimeBatchEvents, socketClients } from '../observability/metrics.js';
import { eventsInRooms, groupByRoomSet } from './batched-delivery.js';
import { EventTail } from './event-tail.js';
import { RealtimeSignals } from './realtime-signals.js';
import {
  type Ack,
  type ClientToServerEvents,
  type DeliveredEvent,
  type ServerToClientEvents,
  type SignalRequest,
  type SubscribeAck,
  type SubscribeRequest,
  toDelivered,
} from './realtime.messages.js';
import { SUBSCRIPTION_FORMS, roomFor, roomsOf } from './rooms.js';
import { corkEachFlush } from './websocket-flush.js';

interface SocketData {
  principal: Principal;
  /** The key it authenticated with, kept in memory only, to re-check it when the key changes. */
  apiKey: string;
  /** Signals this socket may still send in the current window. */
  signalBudget: SignalBudget;
  /** Rooms the client asked for; it is in them unless it is catching up. */
  rooms: Set<string>;
  /** Subscribed with `batch: true`: it gets `events` messages, never `event` ones. */
  batched: boolean;
  /** Subscriptions of one socket are handled one after the other. */
  queue: Promise<unknown>;
}

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const CATCH_UP_BATCH = 500;
/**
 * The room every batched socket is in, besides its own: one `event` broadcast leaves them all out
 * with `except`. Clients' rooms all start with `org:` (rooms.ts), so none can be named this.
 */
const BATCHED = 'realtime:batched';
const MAX_SUBSCRIPTIONS = 100;
const SIGNAL_KIND = /^[a-z][a-z0-9_.-]{0,63}$/;
/** The largest signal `data` relayed, as JSON. */
export const MAX_SIGNAL_BYTES = 16 * 1024;
/** Signals one socket may send per second; more are refused with an error ack. */
export const SIGNALS_PER_SECOND = 20;
/** The largest message a client may send at all; beyond it Socket.IO closes the connection. */
const MAX_MESSAGE_BYTES = 64 * 1024;

interface SignalBudget {
  windowStartedAt: number;
  sent: number;
}

/**
 * Socket.IO channel (same port as HTTP, path /socket.io). The handshake carries an API key
 * (`auth: { apiKey }`, `Authorization: Bearer`, or `X-API-Key`). Committed events are delivered
 * from the store, in position order, to the rooms of each event (see rooms.ts).
 */
@WebSocketGateway({ cors: { origin: true }, maxHttpBufferSize: MAX_MESSAGE_BYTES })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server!: RealtimeServer;

  constructor(
    private readonly store: EventStore,
    private readonly tail: EventTail,
    private readonly signals: RealtimeSignals,
    @Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      const apiKey = this.handshakeKey(socket);
      (apiKey ? this.authenticator.authenticate(apiKey) : Promise.resolve(null)).then(
        (principal) => {
          if (!principal || !apiKey) return next(new Error('unauthorized: a valid API key is required'));
          socket.data.principal = principal;
          socket.data.apiKey = apiKey;
          socket.data.signalBudget = { windowStartedAt: Date.now(), sent: 0 };
          socket.data.rooms = new Set();
          socket.data.batched = false;
          socket.data.queue = Promise.resolve();
          next();
        },
        (error: Error) => next(error),
      );
    });
    this.signals.attach(server);
    this.tail.onEvents((events) => this.broadcast(events));
  }

  handleConnection(socket: RealtimeSocket): void {
    corkEachFlush(socket.conn);
    socketClients.inc();
  }

  handleDisconnect(): void {
    socketClients.dec();
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() request: SubscribeRequest): Promise<SubscribeAck> {
    const run = socket.data.queue.then(() => this.join(socket, request));
    socket.data.queue = run.catch(() => undefined);
    return run.catch((error: Error) => {
      this.logger.warn(`subscribe failed: ${error.message}`);
      return { ok: false, error: 'subscribe failed' };
    });
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() request: { rooms?: unknown }): Ack {
    const rooms = this.resolveRooms(socket, request?.rooms);
    if (!rooms) return { ok: false, error: `rooms must name ${SUBSCRIPTION_FORMS}` };
    for (const room of rooms) {
      socket.data.rooms.delete(room);
      void socket.leave(room);
    }
    return { ok: true };
  }

  @SubscribeMessage('signal')
  signal(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() request: SignalRequest): Ack {
    const principal = socket.data.principal;
    const room = typeof request?.room === 'string' ? roomFor(principal.tenantId, request.room) : undefined;
    if (!room) return { ok: false, error: `room must name ${SUBSCRIPTION_FORMS}` };
    if (typeof request.kind !== 'string' || !SIGNAL_KIND.test(request.kind))
      return { ok: false, error: 'kind must be a short lowercase name, e.g. typing' };
    if (!this.spendSignal(socket.data.signalBudget)) return { ok: false, error: `at most ${SIGNALS_PER_SECOND} signals per second` };
    const size = request.data === undefined ? 0 : Buffer.byteLength(JSON.stringify(request.data) ?? '');
    if (size > MAX_SIGNAL_BYTES) return { ok: false, error: `signal data is at most ${MAX_SIGNAL_BYTES} bytes as JSON` };
    socket.to(room).emit('signal', {
      room: request.room,
      kind: request.kind,
      from: { keyId: principal.keyId, ...(principal.memberId ? { memberId: principal.memberId } : {}) },
      data: request.data ?? null,
      at: new Date().toISOString(),
    });
    return { ok: true };
  }

  /**
   * Live delivery: called synchronously by the tail with each batch, in position order. Sockets that
   * take events one by one get an `event` message each; batched sockets one `events` message for
   * the whole batch (see deliverBatched).
   */
  private broadcast(events: readonly RecordedEvent[]): void {
    realtimeBatchEvents.observe(events.length);
    // The rooms someone is in (the adapter drops a room when its last socket leaves): an event nobody
    // watches is neither mapped nor encoded, and the adapter walks only rooms with sockets.
    const occupied = this.server.sockets.adapter.rooms;
    const batched = occupied.get(BATCHED);
    const delivered: (DeliveredEvent | undefined)[] = [];
    const deliver = (index: number) => (delivered[index] ??= toDelivered(events[index]));
    const eventRooms: string[][] = [];
    const oneByOne = batched ? this.roomsWithOneByOneSockets(batched) : undefined;
    events.forEach((event, index) => {
      const rooms = roomsOf(event).filter((room) => occupied.has(room));
      eventRooms.push(rooms);
      if (!oneByOne) {
        if (rooms.length > 0) this.server.to(rooms).emit('event', deliver(index));
      } else if (rooms.some(oneByOne)) this.server.to(rooms).except(BATCHED).emit('event', deliver(index));
      const changedKey = this.authenticator.keyChangedBy(event);
      if (changedKey) void this.recheckKey(changedKey);
    });
    if (batched) this.deliverBatched(batched, eventRooms, deliver);
  }

  /** Whether a room has a socket that is not batched, asked once per room and batch. */
  private roomsWithOneByOneSockets(batched: ReadonlySet<string>): (room: string) => boolean {
    const occupied = this.server.sockets.adapter.rooms;
    const known = new Map<string, boolean>();
    return (room) => {
      let answer = known.get(room);
      if (answer === undefined) {
        answer = false;
        for (const id of occupied.get(room) ?? []) if (!batched.has(id)) answer = true;
        known.set(room, answer);
      }
      return answer;
    };
  }

  /**
   * One `events` message per group of batched sockets in the same rooms, encoded once for the
   * group (socket.io encodes a broadcast once for all its recipients). A socket catching up is in
   * none of its rooms, so in no group: catch-up sends it those events itself.
   */
  private deliverBatched(
    batched: ReadonlySet<string>,
    eventRooms: readonly (readonly string[])[],
    deliver: (index: number) => DeliveredEvent,
  ): void {
    const joined = this.server.sockets.adapter.sids;
    const members = [...batched].map((id) => [id, joined.get(id) ?? []] as const);
    for (const group of groupByRoomSet(members, (room) => room !== BATCHED && !batched.has(room))) {
      const selected = eventsInRooms(eventRooms, group.rooms);
      if (selected.length > 0) this.server.to(group.socketIds).emit('events', selected.map(deliver));
    }
  }

  /** A fixed one-second window per socket. */
  private spendSignal(budget: SignalBudget): boolean {
    const now = Date.now();
    if (now - budget.windowStartedAt >= 1000) {
      budget.windowStartedAt = now;
      budget.sent = 0;
    }
    budget.sent += 1;
    return budget.sent <= SIGNALS_PER_SECOND;
  }

  /**
   * A key was revoked or changed: each of this replica's connections made with it is checked again
   * (every replica tails the store, so each handles its own). A key no longer valid is cut off; a
   * changed role applies at once.
   */
  private async recheckKey(keyId: string): Promise<void> {
    const sockets = [...this.server.sockets.sockets.values()].filter((socket) => socket.data.principal?.keyId === keyId);
    for (const socket of sockets) {
      try {
        const principal = await this.authenticator.authenticate(socket.data.apiKey);
        if (principal) socket.data.principal = principal;
        else socket.disconnect(true);
      } catch (error) {
        this.logger.warn(`re-checking API key ${keyId} failed, disconnecting: ${(error as Error).message}`);
        socket.disconnect(true);
      }
    }
  }

  /**
   * Without `after`: joins the rooms now. With `after`: leaves its rooms, sends every event of all
   * its rooms after `after` up to the tail's position, then joins them in the same tick as the
   * last check, so the next event it gets live is the first one above what it was sent.
   */
  private async join(socket: RealtimeSocket, request: SubscribeRequest): Promise<SubscribeAck> {
    const rooms = this.resolveRooms(socket, request?.rooms);
    if (!rooms) return { ok: false, error: `rooms must name ${SUBSCRIPTION_FORMS}` };
    if (socket.data.rooms.size + rooms.length > MAX_SUBSCRIPTIONS)
      return { ok: false, error: `at most ${MAX_SUBSCRIPTIONS} rooms per connection` };
    const after = request.after;
    if (after !== undefined && (!Number.isSafeInteger(after) || after < 0))
      return { ok: false, error: 'after must be a position (integer ≥ 0)' };
    if (request.batch !== undefined && typeof request.batch !== 'boolean') return { ok: false, error: 'batch must be true or false' };
    // Batched is the connection's mode from its first `batch: true` on: a later subscribe cannot
    // turn a client's `events` handler off behind its back.
    if (request.batch && !socket.data.batched) {
      socket.data.batched = true;
      socket.join(BATCHED);
    }
    for (const room of rooms) socket.data.rooms.add(room);
    const all = [...socket.data.rooms];
    if (after === undefined) {
      socket.join(all);
      return { ok: true, rooms: request.rooms, position: this.tail.position };
    }
    for (const room of all) void socket.leave(room);
    const position = await this.catchUp(socket, new Set(all), after);
    return { ok: true, rooms: request.rooms, position };
  }

  private async catchUp(socket: RealtimeSocket, rooms: ReadonlySet<string>, after: number): Promise<number> {
    const tenantId = socket.data.principal.tenantId;
    let cursor = after;
    for (;;) {
      const target = this.tail.position;
      while (cursor < target && socket.connected) {
        // Every event ≤ target is committed and visible: the tail read it, or one above it, as safe.
        const events = await this.store.readAll({ after: cursor, limit: CATCH_UP_BATCH, tenantId });
        const page: DeliveredEvent[] = [];
        for (const event of events) {
          if (event.position > target) break;
          if (roomsOf(event).some((room) => rooms.has(room))) {
            if (socket.data.batched) page.push(toDelivered(event));
            else socket.emit('event', toDelivered(event));
          }
          cursor = event.position;
        }
        if (page.length > 0) socket.emit('events', page);
        if (events.length < CATCH_UP_BATCH || events[events.length - 1].position > target) cursor = target;
      }
      if (!socket.connected) return cursor;
      // No await between this check and the join: the tail cannot hand over a batch in between.
      if (cursor >= this.tail.position) {
        socket.join([...rooms]);
        return cursor;
      }
    }
  }

  private resolveRooms(socket: RealtimeSocket, requested: unknown): string[] | undefined {
    if (!Array.isArray(requested) || requested.length === 0 || requested.length > MAX_SUBSCRIPTIONS) return undefined;
    const rooms = requested.map((name) => (typeof name === 'string' ? roomFor(socket.data.principal.tenantId, name) : undefined));
    return rooms.every((room) => room !== undefined) ? (rooms as string[]) : undefined;
  }

  private handshakeKey(socket: RealtimeSocket): string | undefined {
    const auth = socket.handshake.auth as { apiKey?: unknown; token?: unknown } | undefined;
    const fromAuth = typeof auth?.apiKey === 'string' ? auth.apiKey : typeof auth?.token === 'string' ? auth.token : undefined;
    return fromAuth ?? apiKeyFromHeaders(socket.handshake.headers);
  }
}
