import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io } from 'socket.io-client';
import { corkEachFlush, tcpSocketOf } from './websocket-flush.js';

/**
 * A bare socket.io server on loopback: 50 events emitted in one tick to one websocket client. They
 * must all arrive, in order; with `corkEachFlush` the server's TCP socket hands them to the kernel
 * in a couple of writes instead of one per event.
 */
async function writesForBurst(cork: boolean): Promise<{ received: number[]; writes: number }> {
  const http = createServer();
  const server = new Server(http);
  let writes = 0;
  const connected = new Promise<Socket>((resolve) => server.on('connection', resolve));
  server.on('connection', (socket) => {
    if (cork) corkEachFlush(socket.conn);
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
  try {
    const socket = await connected;
    await new Promise<void>((done) => client.once('connect', () => done()));
    const tcp = tcpSocketOf(socket.conn);
    if (!tcp) throw new Error('no TCP socket under the websocket transport');
    const received: number[] = [];
    const all = new Promise<void>((done) =>
      client.on('n', (n: number) => {
        received.push(n);
        if (received.length === 50) done();
      }),
    );
    const count = (method: '_write' | '_writev') => {
      const original = tcp[method] as (...args: unknown[]) => void;
      tcp[method] = ((...args: unknown[]) => {
        writes += 1;
        original.apply(tcp, args);
      }) as never;
    };
    count('_write');
    count('_writev');
    for (let n = 0; n < 50; n++) socket.emit('n', n);
    await all;
    return { received, writes };
  } finally {
    client.disconnect();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

describe('corkEachFlush', () => {
  const inOrder = Array.from({ length: 50 }, (_, n) => n);

  it('delivers a burst in order in a few TCP writes', async () => {
    const { received, writes } = await writesForBurst(true);
    expect(received).toEqual(inOrder);
    expect(writes).toBeLessThanOrEqual(3);
  });

  it('without it, engine.io writes each event of the burst on its own', async () => {
    const { received, writes } = await writesForBurst(false);
    expect(received).toEqual(inOrder);
    expect(writes).toBeGreaterThan(25);
  });
});
