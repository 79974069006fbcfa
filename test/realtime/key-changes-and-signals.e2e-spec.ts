import type { Socket } from 'socket.io-client';
import { MAX_SIGNAL_BYTES, SIGNALS_PER_SECOND } from '../../src/platform/realtime/realtime.gateway.js';
import type { Ack, Signal } from '../../src/platform/realtime/realtime.messages.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { until } from '../support/until.js';
import { sleep } from '../support/until.js';

describe('realtime: revoked keys are cut off; signals are bounded', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Sockets');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => subject.close());

  const open = async (key: string) => {
    const socket = await connectSocket(subject.url, key);
    sockets.push(socket);
    return socket;
  };

  async function issueKey(name: string): Promise<{ id: string; key: string }> {
    const response = await call(`${subject.url}/api/v1/api-keys`, tenant.keys.admin, { method: 'POST', body: { name, role: 'operator' } });
    expect(response.status).toBe(201);
    return json<{ id: string; key: string }>(response);
  }

  it('revoking a key disconnects its open sockets within a second and refuses its reconnect; other keys stay connected', async () => {
    const doomed = await issueKey('doomed');
    const first = await open(doomed.key);
    const second = await open(doomed.key);
    const bystander = await open(tenant.keys.operator);
    for (const socket of [first, second, bystander]) expect(await subscribeSocket(socket, ['organization'])).toMatchObject({ ok: true });
    const reasons: string[] = [];
    for (const socket of [first, second]) socket.on('disconnect', (reason) => reasons.push(reason));

    const revoked = await call(`${subject.url}/api/v1/api-keys/${doomed.id}`, tenant.keys.admin, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const revokedAt = Date.now();
    await until(
      async () => reasons,
      (seen) => seen.length === 2,
      'both sockets of the revoked key to be disconnected',
      5_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect(reasons).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);

    // Reconnecting to replay from the start is refused at the handshake.
    await expect(connectSocket(subject.url, doomed.key)).rejects.toThrow(/unauthorized/);
    expect(await subscribeSocket(bystander, ['organization'], 0)).toMatchObject({ ok: true });
  });

  it('relays signals up to 16 KB and refuses larger ones with an error ack, relaying nothing', async () => {
    const sender = await open(tenant.keys.operator);
    const receiver = await open(tenant.keys.admin);
    expect(await subscribeSocket(receiver, ['organization'])).toMatchObject({ ok: true });
    const received: Signal[] = [];
    receiver.on('signal', (signal: Signal) => received.push(signal));

    const fits = 'x'.repeat(MAX_SIGNAL_BYTES - 2); // a JSON string: two quotes around it
    expect(await sender.timeout(5_000).emitWithAck('signal', { room: 'organization', kind: 'typing', data: fits })).toEqual({ ok: true });
    const tooLarge: Ack = await sender.timeout(5_000).emitWithAck('signal', { room: 'organization', kind: 'typing', data: `${fits}yy` });
    expect(tooLarge).toEqual({ ok: false, error: expect.stringMatching(/at most 16384 bytes/) });
    await until(
      async () => received.length,
      (count) => count >= 1,
      'the signal that fits',
    );
    await sleep(200);
    expect(received.map((signal) => (signal.data as string).length)).toEqual([fits.length]);
  });

  it(`relays at most ${SIGNALS_PER_SECOND} signals per second from one socket; the rest get an error ack`, async () => {
    const sender = await open(tenant.keys.operator);
    const receiver = await open(tenant.keys.admin);
    expect(await subscribeSocket(receiver, ['organization'])).toMatchObject({ ok: true });
    const received: Signal[] = [];
    receiver.on('signal', (signal: Signal) => received.push(signal));

    const acks: Ack[] = await Promise.all(
      Array.from({ length: SIGNALS_PER_SECOND * 2 }, (_, n) =>
        sender.timeout(5_000).emitWithAck('signal', { room: 'organization', kind: 'progress', data: { n } }),
      ),
    );
    // The socket's window opened when it connected, a moment ago: the burst falls inside it.
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBe(SIGNALS_PER_SECOND);
    expect(acks.slice(SIGNALS_PER_SECOND)).toEqual(
      Array(SIGNALS_PER_SECOND).fill({ ok: false, error: `at most ${SIGNALS_PER_SECOND} signals per second` }),
    );
    await sleep(300);
    expect(received).toHaveLength(accepted);
  });
});
