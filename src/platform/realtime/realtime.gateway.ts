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
import { socketClients } from '../observability/metrics.js';
import { EventTail } from './event-tail.js';
import { RealtimeSignals } from './realtime-signals.js';
import {
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SignalRequest,
  type SubscribeAck,
  type SubscribeRequest,
  toDelivered,
} from './realtime.messages.js';
import { roomFor, roomsOf } from './rooms.js';

interface SocketData {
  principal: Principal;
  /** Rooms the client asked for; it is in them unless it is catching up. */
  rooms: Set<string>;
  /** Subscriptions of one socket are handled one after the other. */
  queue: Promise<unknown>;
}

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const CATCH_UP_BATCH = 500;
const MAX_SUBSCRIPTIONS = 100;
const SIGNAL_KIND = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * Socket.IO channel (same port as HTTP, path /socket.io). The handshake carries an API key
 * (`auth: { apiKey }`, `Authorization: Bearer`, or `X-API-Key`). Committed events are delivered
 * from the store, in position order, to the rooms of each event (see rooms.ts).
 */
@WebSocketGateway({ cors: { origin: true } })
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
      this.authenticate(socket).then(
        (principal) => {
          if (!principal) return next(new Error('unauthorized: a valid API key is required'));
          socket.data.principal = principal;
          socket.data.rooms = new Set();
          socket.data.queue = Promise.resolve();
          next();
        },
        (error: Error) => next(error),
      );
    });
    this.signals.attach(server);
    this.tail.onEvents((events) => this.broadcast(events));
  }

  handleConnection(): void {
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
    if (!rooms) return { ok: false, error: 'rooms must name organization, squad:<id> or stream:<streamId>' };
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
    if (!room) return { ok: false, error: 'room must name organization, squad:<id> or stream:<streamId>' };
    if (typeof request.kind !== 'string' || !SIGNAL_KIND.test(request.kind))
      return { ok: false, error: 'kind must be a short lowercase name, e.g. typing' };
    socket.to(room).emit('signal', {
      room: request.room,
      kind: request.kind,
      from: { keyId: principal.keyId, ...(principal.memberId ? { memberId: principal.memberId } : {}) },
      data: request.data ?? null,
      at: new Date().toISOString(),
    });
    return { ok: true };
  }

  /** Live delivery: called synchronously by the tail with each batch, in position order. */
  private broadcast(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const rooms = roomsOf(event);
      if (rooms.length > 0) this.server.to(rooms).emit('event', toDelivered(event));
    }
  }

  /**
   * Without `after`: joins the rooms now. With `after`: leaves its rooms, sends every event of all
   * its rooms after `after` up to the tail's position, then joins them in the same tick as the
   * last check, so the next event it gets live is the first one above what it was sent.
   */
  private async join(socket: RealtimeSocket, request: SubscribeRequest): Promise<SubscribeAck> {
    const rooms = this.resolveRooms(socket, request?.rooms);
    if (!rooms) return { ok: false, error: 'rooms must name organization, squad:<id> or stream:<streamId>' };
    if (socket.data.rooms.size + rooms.length > MAX_SUBSCRIPTIONS)
      return { ok: false, error: `at most ${MAX_SUBSCRIPTIONS} rooms per connection` };
    const after = request.after;
    if (after !== undefined && (!Number.isSafeInteger(after) || after < 0))
      return { ok: false, error: 'after must be a position (integer ≥ 0)' };
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
        for (const event of events) {
          if (event.position > target) break;
          if (roomsOf(event).some((room) => rooms.has(room))) socket.emit('event', toDelivered(event));
          cursor = event.position;
        }
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

  private authenticate(socket: RealtimeSocket): Promise<Principal | null> {
    const auth = socket.handshake.auth as { apiKey?: unknown; token?: unknown } | undefined;
    const fromAuth = typeof auth?.apiKey === 'string' ? auth.apiKey : typeof auth?.token === 'string' ? auth.token : undefined;
    const key = fromAuth ?? apiKeyFromHeaders(socket.handshake.headers);
    return key ? this.authenticator.authenticate(key) : Promise.resolve(null);
  }
}
