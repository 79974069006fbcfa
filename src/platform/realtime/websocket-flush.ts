import { Socket as TcpSocket } from 'node:net';

/** The parts of an engine.io connection this needs (engine.io's `Socket`, as `socket.conn`). */
interface EngineConnection {
  transport: { name: string; socket?: unknown };
  on(event: 'flush' | 'drain', listener: () => void): unknown;
}

/**
 * engine.io writes every packet of a flush to the TCP socket on its own (ws's `sendFrame` per
 * packet): one syscall per delivered event per socket, the largest per-delivery cost of a fan-out
 * to many sockets. While a write is in flight the next events wait in engine.io's buffer and are
 * flushed together; corking the TCP socket for that flush (engine.io emits `flush` just before
 * handing the buffer to the transport and `drain` right after, in the same tick) hands them to the
 * kernel in one writev. Same frames, same order, nothing delayed: only fewer syscalls.
 *
 * The TCP socket is ws's `_socket` (engine.io itself reaches into ws's `_sender` the same way); on
 * a transport without one (long polling) nothing is corked.
 */
export function corkEachFlush(connection: EngineConnection): void {
  let corked: TcpSocket | undefined;
  connection.on('flush', () => {
    // A flush whose send threw never drained: its cork must not outlive it (corks are counted).
    corked?.uncork();
    corked = tcpSocketOf(connection);
    corked?.cork();
  });
  connection.on('drain', () => {
    corked?.uncork();
    corked = undefined;
  });
}

/** The TCP socket under a connection's current websocket transport (none under long polling). */
export function tcpSocketOf(connection: Pick<EngineConnection, 'transport'>): TcpSocket | undefined {
  const { transport } = connection;
  const tcp = transport.name === 'websocket' ? (transport.socket as { _socket?: unknown } | undefined)?._socket : undefined;
  return tcp instanceof TcpSocket ? tcp : undefined;
}
