import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { sqlOf } from '../../../src/platform/database/sql.js';
import type { Sql } from '../../../src/platform/database/sql.js';
import { type ChildApp, startChildApp } from '../../conversations/support/child-app.js';
import { createTenant } from '../../support/tenant.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';
import { sleep, until } from '../../support/until.js';
import { PsaReceiver, SECRET, configure, enqueueHandoff } from './support.js';

const ENV = {
  DEADLINE_POLL_MS: '20',
  RATE_LIMIT_PER_MINUTE: '100000',
  PSA_ALLOW_PRIVATE_URLS: 'true',
  PSA_MAX_ATTEMPTS: '5',
  PSA_TIMEOUT_MS: '60000',
};

/** The outbox is durable: a process killed between tries, or during one, delivers after a restart, with one 2xx per delivery id. */
describe('PSA deliveries survive a crash', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let receiver: PsaReceiver;
  let organizationId: string;
  const apps: ChildApp[] = [];

  const transaction = async <T>(work: (tx: Sql) => Promise<T>): Promise<T> => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const result = await work(sqlOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const row = async (deliveryId: string) =>
    (await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM psa_deliveries WHERE id = $1`, [deliveryId]))
      .rows[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    receiver = await PsaReceiver.start();
    // Set up the organization with the app in this process, then stop it so only child processes deliver.
    const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', ...ENV, PORT: '0', DATABASE_URL: database.url });
    const app = await createApp({ config, databaseUrl: database.url });
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as { port: number };
      const tenant = await createTenant(app, 'Durable');
      organizationId = tenant.organizationId;
      expect((await configure(`http://127.0.0.1:${port}`, tenant.keys.admin, receiver.url)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db.end();
    await receiver.close();
    await database.drop();
  });

  it('killed with SIGKILL after a failed try: after a restart the next try delivers, one 2xx for the id', async () => {
    const first = await startChildApp(database.url, { ...ENV, PSA_BACKOFF_BASE_MS: '1500' });
    apps.push(first);
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 500 }, { status: 200 }]);
    await enqueueHandoff(transaction, organizationId, deliveryId);
    await until(
      () => row(deliveryId),
      (delivery) => delivery?.attempts === 1,
      'the first try to be recorded',
    );
    await first.kill();
    expect(await row(deliveryId)).toEqual({ status: 'pending', attempts: 1 });
    expect(receiver.of(deliveryId)).toHaveLength(1);

    // Debug logs on: whatever the delivery step logs, the secret is not in it.
    const second = await startChildApp(database.url, { ...ENV, PSA_BACKOFF_BASE_MS: '1500', LOG_LEVEL: 'debug' });
    apps.push(second);
    await until(
      () => row(deliveryId),
      (delivery) => delivery?.status === 'delivered',
      'the delivery after the restart',
      20_000,
    );
    await sleep(500); // a doubled firing would land now
    const seen = receiver.of(deliveryId);
    expect(seen.map((request) => request.answered)).toEqual([500, 200]);
    expect(seen.every((request) => request.signatureValid)).toBe(true);
    expect(seen.filter((request) => request.answered < 300)).toHaveLength(1);
    expect(second.output().length).toBeGreaterThan(0);
    expect(second.output()).not.toContain(SECRET);
  }, 60_000);

  it('killed with SIGKILL during a try: the same try is made again after a restart with the same id (at least once: the receiver dedupes on it), recorded once', async () => {
    const first = await startChildApp(database.url, { ...ENV, PSA_BACKOFF_BASE_MS: '100' });
    apps.push(first);
    const deliveryId = `handoff-${randomUUID()}`;
    // The first request is held until the process dies: the sender never learns its answer.
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 200, delayMs: 60_000 }, { status: 200 }]);
    await enqueueHandoff(transaction, organizationId, deliveryId);
    await until(
      () => Promise.resolve(receiver.of(deliveryId).length),
      (n) => n === 1,
      'the first try to reach the receiver',
    );
    await first.kill();
    expect(await row(deliveryId)).toEqual({ status: 'pending', attempts: 0 });

    const second = await startChildApp(database.url, { ...ENV, PSA_BACKOFF_BASE_MS: '100' });
    apps.push(second);
    await until(
      () => row(deliveryId),
      (delivery) => delivery?.status === 'delivered',
      'the delivery after the restart',
      20_000,
    );
    await sleep(500);
    const seen = receiver.of(deliveryId);
    expect(seen).toHaveLength(2);
    expect(new Set(seen.map((request) => request.body.id))).toEqual(new Set([deliveryId]));
    const attempts = await db.query<{ attempt: number; status_code: number }>(
      `SELECT attempt, status_code FROM psa_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
    expect(attempts.rows).toEqual([{ attempt: 1, status_code: 200 }]);
  }, 60_000);
});
