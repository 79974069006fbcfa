import { type Socket, io } from 'socket.io-client';
import type { Schema } from './api';

/**
 * A committed event as the realtime channel delivers it (docs/asyncapi.yaml, DeliveredEvent): the
 * same shape as a stored event of the REST API.
 */
export type LiveEvent = Schema<'StoredEventDto'>;

export type ConnectionState = 'connecting' | 'live' | 'catching-up' | 'offline' | 'refused';

/** Events kept for the feed: a window, so a page left open for days keeps a bounded heap. */
export const FEED_WINDOW = 500;
/** On the first connection the feed starts with the organization's events of the last positions. */
const FIRST_LOOK_BACK = 2000;

type Listener = () => void;

/** An ephemeral signal (docs/asyncapi.yaml, Signal): typing, streamed tokens; not stored, no position. */
export interface LiveSignal {
  room: string;
  kind: string;
  data: Record<string, unknown> | null;
  at: string;
}

/**
 * The one Socket.IO connection of the page. It subscribes to the organization's room, remembers
 * the last position it saw and, after any reconnect, subscribes with `after` so the server sends
 * what it missed first ("catching up"). Each event is kept once, in position order.
 */
export class Live {
  state: ConnectionState = 'connecting';
  error: string | null = null;
  /** The window, in position order. */
  events: LiveEvent[] = [];
  lastPosition = 0;
  private readonly seen = new Set<number>();
  private socket: Socket | null = null;
  private readonly stateListeners = new Set<Listener>();
  private readonly eventListeners = new Set<(events: LiveEvent[]) => void>();
  private readonly signalListeners = new Set<(signal: LiveSignal) => void>();
  /** Rooms a panel watches besides the organization's (signals go only to their own room). */
  private readonly extraRooms = new Map<string, number>();
  private pending: LiveEvent[] = [];
  private flushScheduled = false;

  connect(apiKey: string): void {
    this.close();
    // Another key may see another organization: nothing of the previous one stays.
    this.events = [];
    this.seen.clear();
    this.lastPosition = 0;
    const socket = io({ path: '/socket.io', auth: { apiKey }, transports: ['websocket'], reconnectionDelayMax: 3000 });
    this.socket = socket;
    socket.on('event', (event: LiveEvent) => this.receive(event));
    socket.on('signal', (signal: LiveSignal) => this.signalListeners.forEach((listener) => listener(signal)));
    socket.on('connect', () => void this.subscribe(socket));
    socket.on('disconnect', (reason) => {
      this.setState('offline');
      // A server-side disconnect is not retried by socket.io itself; the key is checked again on connect.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (error: Error) => {
      this.error = error.message;
      this.setState(error.message.startsWith('unauthorized') ? 'refused' : 'offline');
    });
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.socket = null;
  }

  onState(listener: Listener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called once per animation frame with the events that arrived since. */
  onEvents(listener: (events: LiveEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Joins a room (e.g. `discussion:<id>`) while a panel shows it; its events come once, as the rest. */
  watch(room: string): () => void {
    const watchers = this.extraRooms.get(room) ?? 0;
    this.extraRooms.set(room, watchers + 1);
    if (watchers === 0 && this.socket?.connected) this.socket.emit('subscribe', { rooms: [room] }, () => undefined);
    return () => {
      const left = (this.extraRooms.get(room) ?? 1) - 1;
      if (left > 0) return void this.extraRooms.set(room, left);
      this.extraRooms.delete(room);
      if (this.socket?.connected) this.socket.emit('unsubscribe', { rooms: [room] }, () => undefined);
    };
  }

  onSignal(listener: (signal: LiveSignal) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  private async subscribe(socket: Socket): Promise<void> {
    this.error = null;
    const resuming = this.lastPosition > 0;
    this.setState(resuming ? 'catching-up' : 'connecting');
    const ack = (await socket
      .timeout(30_000)
      .emitWithAck('subscribe', resuming ? { rooms: this.rooms(), after: this.lastPosition } : { rooms: this.rooms() })
      .catch(() => ({ ok: false, error: 'no answer' }))) as { ok: boolean; position?: number; error?: string };
    if (!ack.ok) {
      this.error = ack.error ?? 'subscribe failed';
      this.setState('offline');
      return;
    }
    if (!resuming && ack.position) {
      // The first look: replay the recent past; positions already shown live are ignored.
      this.setState('catching-up');
      await socket
        .timeout(30_000)
        .emitWithAck('subscribe', { rooms: this.rooms(), after: Math.max(0, ack.position - FIRST_LOOK_BACK) })
        .catch(() => undefined);
    }
    this.setState('live');
  }

  private rooms(): string[] {
    return ['organization', ...this.extraRooms.keys()];
  }

  private receive(event: LiveEvent): void {
    if (this.seen.has(event.position) || (this.events.length >= FEED_WINDOW && event.position < this.events[0].position)) return;
    this.seen.add(event.position);
    if (event.position > this.lastPosition) {
      this.lastPosition = event.position;
      this.events.push(event);
    } else {
      // Only the first look's replay arrives below what was seen live.
      let at = this.events.length;
      while (at > 0 && this.events[at - 1].position > event.position) at -= 1;
      this.events.splice(at, 0, event);
    }
    if (this.events.length > FEED_WINDOW) {
      for (const dropped of this.events.splice(0, this.events.length - FEED_WINDOW)) this.seen.delete(dropped.position);
    }
    this.pending.push(event);
    // A hidden tab gets no animation frames: keep only what the listeners could still use.
    if (this.pending.length > FEED_WINDOW) this.pending.splice(0, this.pending.length - FEED_WINDOW);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const listener of this.eventListeners) listener(batch);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }
}

export const live = new Live();
