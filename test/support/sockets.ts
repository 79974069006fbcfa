import { type Socket, io } from 'socket.io-client';
import type { DeliveredEvent, SubscribeAck } from '../../src/platform/realtime/realtime.messages.js';

/**
 * A real Socket.IO client connected with an API key (websocket only, no automatic reconnect).
 * `onEvent` is attached before the connection opens, so it sees every event the socket receives.
 */
export function connectSocket(url: string, apiKey: string, onEvent?: (event: DeliveredEvent) => void): Promise<Socket> {
  const socket = io(url, { auth: { apiKey }, transports: ['websocket'], reconnection: false, forceNew: true });
  if (onEvent) socket.on('event', onEvent);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function subscribeSocket(socket: Socket, rooms: string[], after?: number, batch = false): Promise<SubscribeAck> {
  return socket.timeout(10_000).emitWithAck('subscribe', { rooms, ...(after === undefined ? {} : { after }), ...(batch ? { batch } : {}) });
}

/** `subscribe { rooms, batch: true }`: from now on the socket gets `events` messages, never `event` ones. */
export function subscribeBatched(socket: Socket, rooms: string[], after?: number): Promise<SubscribeAck> {
  return subscribeSocket(socket, rooms, after, true);
}
