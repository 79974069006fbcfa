import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Signal } from './realtime.messages.js';
import { roomFor } from './rooms.js';

/**
 * Ephemeral signals for other modules (an agent is typing, streamed tokens): sent to the clients
 * of this replica that are in the room, never stored, without a position.
 */
@Injectable()
export class RealtimeSignals {
  private server: Server<ClientToServerEvents, ServerToClientEvents> | undefined;

  attach(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.server = server;
  }

  /** `subscription` as clients name it: `organization`, `squad:<id>`, `session:<id>`, `stream:<streamId>`. */
  publish(tenantId: string, subscription: string, kind: string, data: unknown): boolean {
    const room = roomFor(tenantId, subscription);
    if (!room || !this.server) return false;
    const signal: Signal = { room: subscription, kind, from: { system: true }, data, at: new Date().toISOString() };
    this.server.to(room).emit('signal', signal);
    return true;
  }
}
