import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { type Sql, sqlOf } from '../../../src/platform/database/sql.js';
import { type ChildApp, startChildApp } from '../../conversations/support/child-app.js';
import { createTenant } from '../../support/tenant.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';
import { sleep, until } from '../../support/until.js';
import { SMTP_PASSWORD, SmtpReceiver, enqueueTestEmail } from './support.js';

/**
 * Killed with SIGKILL while the SMTP server holds the message unanswered: after a restart the same
 * try is made again (the deadline's lease expired) and the message is accepted once. The guarantee
 * is at least once: had the server accepted before the crash, the second copy would carry the same
 * Message-ID, which is what a receiver dedupes on — the test checks both copies carry it.
 */
describe('e-mail survives a crash', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let receiver: SmtpReceiver;
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
  const row = async (id: string) =>
    (await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM email_outbox WHERE id = $1`, [id])).rows[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    receiver = await SmtpReceiver.start();
    const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', PORT: '0', DATABASE_URL: database.url });
    const app = await createApp({ config, databaseUrl: database.url });
    await app.listen(0, '127.0.0.1');
    try {
      organizationId = (await createTenant(app, 'Durable mail')).organizationId;
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

  it('killed during the SMTP exchange: delivered after a restart, accepted once, the same Message-ID on both copies', async () => {
    const env = { DEADLINE_POLL_MS: '20', SMTP_URL: receiver.url, EMAIL_TIMEOUT_MS: '60000', EMAIL_BACKOFF_BASE_MS: '100' };
    const first = await startChildApp(database.url, env);
    apps.push(first);
    const id = `push-${randomUUID()}`;
    receiver.answerNext([{ hold: true }, { accept: true }]);
    await enqueueTestEmail(transaction, organizationId, id);
    await until(
      () => Promise.resolve(receiver.received.length),
      (n) => n === 1,
      'the first copy to reach the server',
    );
    await first.kill();
    expect(await row(id)).toEqual({ status: 'pending', attempts: 0 });

    const second = await startChildApp(database.url, { ...env, LOG_LEVEL: 'debug' });
    apps.push(second);
    await until(
      () => row(id),
      (message) => message?.status === 'sent',
      'the message after the restart',
      20_000,
    );
    await sleep(500); // a doubled firing would land now
    expect(await row(id)).toEqual({ status: 'sent', attempts: 1 });
    expect(receiver.received.map((mail) => mail.accepted)).toEqual([false, true]);
    expect(new Set(receiver.received.map((mail) => mail.messageId))).toEqual(new Set([`<${id}@localhost>`]));
    expect(second.output().length).toBeGreaterThan(0);
    expect(second.output()).not.toContain(SMTP_PASSWORD);
  }, 60_000);
});
