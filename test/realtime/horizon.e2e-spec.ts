import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant } from '../support/tenant.js';
import { until } from '../support/until.js';

/**
 * Followers are bounded by the event store's own in-flight appends: a write transaction left open
 * elsewhere on the same Postgres server must not hold back live delivery.
 */
describe('live delivery beside long open transactions', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let socket: Socket;
  const holders: pg.Client[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Horizon');
    socket = await connectSocket(subject.url, tenant.keys.operator);
    expect(await subscribeSocket(socket, ['organization'])).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    socket.disconnect();
    await Promise.all(holders.map((holder) => holder.query('ROLLBACK').then(() => holder.end())));
    await subject.close();
  });

  /** Opens a write transaction (it has a transaction id) and leaves it open for `seconds`. */
  async function holdOpen(url: string, seconds: number): Promise<void> {
    const holder = new pg.Client({ connectionString: url });
    holders.push(holder);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('CREATE TEMP TABLE held (id int)');
    await holder.query('INSERT INTO held VALUES (1)');
    void holder.query(`SELECT pg_sleep(${seconds})`).catch(() => undefined);
  }

  it('delivers a new event within a second while write transactions stay open in another database and in ours', async () => {
    await holdOpen(process.env.DATABASE_URL!, 10); // another database of the same server
    await holdOpen(subject.database.url, 10); // our database, outside the event store
    const seen: DeliveredEvent[] = [];
    socket.on('event', (event: DeliveredEvent) => seen.push(event));

    const started = Date.now();
    const created = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, { method: 'POST', body: { name: 'Beside' } });
    expect(created.status).toBe(201);
    await until(
      async () => seen.map((event) => event.type),
      (types) => types.includes('SquadCreated'),
      'the SquadCreated event on the socket',
      5_000,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
