import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Database } from '../../src/platform/database/database.js';
import { scheduleDeadline, cancelDeadline } from '../../src/platform/deadlines/deadline.js';
import { LEASE_MS } from '../../src/platform/deadlines/deadline-poller.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';

describe('deadlines', () => {
  let database: TestDatabase;
  let platform: PlatformContext;

  const firedKeys = async (prefix: string) =>
    (await platform.db.query<{ key: string }>('SELECT key FROM fired WHERE key LIKE $1 ORDER BY key', [`${prefix}%`])).map((r) => r.key);
  const statusOf = async (key: string) =>
    (
      await platform.db.query<{ status: string; attempts: number; last_error: string | null }>(
        'SELECT status, attempts, last_error FROM deadlines WHERE key = $1',
        [key],
      )
    )[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await createPlatformContext(database.url, { DEADLINE_POLL_MS: '20' });
    await platform.db.query('CREATE TABLE fired (key text NOT NULL, pid int, at timestamptz NOT NULL DEFAULT clock_timestamp())');
  });
  afterAll(async () => {
    await platform.close();
    await database.drop();
  });

  it('two pollers running at once fire each of 500 due deadlines exactly once', async () => {
    const second = await createPlatformContext(database.url, { DEADLINE_POLL_MS: '20' });
    try {
      for (const context of [platform, second]) {
        context.deadlines.register('test.once', async (deadline) => {
          await sleep(Math.random() * 3);
          await context.db.query('INSERT INTO fired (key) VALUES ($1)', [deadline.key]);
        });
      }
      await platform.db.transaction(async (tx) => {
        for (let i = 0; i < 500; i++) {
          await scheduleDeadline(tx, {
            key: `once:${String(i).padStart(3, '0')}`,
            type: 'test.once',
            tenantId: null,
            dueAt: new Date(),
            payload: { i },
          });
        }
      });
      const done = await until(
        () => platform.db.query<{ n: string }>(`SELECT count(*) AS n FROM deadlines WHERE type = 'test.once' AND status = 'done'`),
        (rows) => Number(rows[0].n) === 500,
        '500 deadlines done',
      );
      expect(Number(done[0].n)).toBe(500);
      await sleep(100); // a doubled firing would land now
      const keys = await firedKeys('once:');
      expect(keys).toHaveLength(500);
      expect(new Set(keys).size).toBe(500);
    } finally {
      await second.close();
    }
  });

  it('does not fire before the due time, and a cancelled deadline never fires', async () => {
    platform.deadlines.register('test.timed', async (deadline) => {
      await platform.db.query('INSERT INTO fired (key) VALUES ($1)', [deadline.key]);
    });
    const dueAt = new Date(Date.now() + 400);
    await platform.db.transaction(async (tx) => {
      await scheduleDeadline(tx, { key: 'timed:kept', type: 'test.timed', tenantId: null, dueAt, payload: {} });
      await scheduleDeadline(tx, { key: 'timed:cancelled', type: 'test.timed', tenantId: null, dueAt, payload: {} });
      // Scheduling the same key again is the same deadline.
      await scheduleDeadline(tx, { key: 'timed:kept', type: 'test.timed', tenantId: null, dueAt, payload: {} });
    });
    await platform.db.transaction((tx) => cancelDeadline(tx, 'timed:cancelled'));
    await sleep(200);
    expect(await firedKeys('timed:')).toEqual([]);
    await until(
      () => firedKeys('timed:'),
      (keys) => keys.length > 0,
      'the kept deadline to fire',
    );
    const [firedAt] = await platform.db.query<{ at: Date }>(`SELECT at FROM fired WHERE key = 'timed:kept'`);
    expect(firedAt.at.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    await sleep(100);
    expect(await firedKeys('timed:')).toEqual(['timed:kept']);
    expect((await statusOf('timed:cancelled')).status).toBe('cancelled');
  });

  it('retries a failing handler with backoff, then marks the deadline done', async () => {
    let calls = 0;
    platform.deadlines.register('test.flaky', async () => {
      calls += 1;
      if (calls < 3) throw new Error(`flaky failure ${calls}`);
    });
    await platform.db.transaction((tx) =>
      scheduleDeadline(tx, { key: 'flaky:1', type: 'test.flaky', tenantId: null, dueAt: new Date(), payload: {} }),
    );
    const afterFirst = await until(
      () => statusOf('flaky:1'),
      (row) => row.attempts >= 1 && row.status === 'pending',
      'a first failed attempt',
    );
    expect(afterFirst.last_error).toBe('flaky failure 1');
    const final = await until(
      () => statusOf('flaky:1'),
      (row) => row.status === 'done',
      'the flaky deadline to succeed',
    );
    expect(final).toMatchObject({ status: 'done', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('a deadline pending when its process is killed (SIGKILL) fires after restart, once', async () => {
    // Its own database, so only the worker process polls it.
    const own = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: own.url, max: 2 });
    const db = new Database(pool);
    await db.query('CREATE TABLE fired (key text NOT NULL, pid int, at timestamptz NOT NULL DEFAULT clock_timestamp())');
    const fired = async () => (await db.query<{ key: string }>('SELECT key FROM fired ORDER BY key')).map((r) => r.key);
    const worker = fileURLToPath(new URL('../fixtures/deadline-worker.mjs', import.meta.url));
    const start = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, [worker], {
        env: { ...process.env, DATABASE_URL: own.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(line.toString()).toContain('ready');
      return child;
    };
    const first = await start();
    await db.transaction((tx) =>
      scheduleDeadline(tx, { key: 'crash:1', type: 'test.record', tenantId: null, dueAt: new Date(Date.now() + 1500), payload: {} }),
    );
    first.kill('SIGKILL');
    await once(first, 'exit');
    await sleep(1700); // past due, with nobody running the handler
    expect(await fired()).toEqual([]);

    const second = await start();
    try {
      expect(await until(fired, (keys) => keys.length > 0, 'the deadline to fire after restart')).toEqual(['crash:1']);
      await sleep(200);
      expect(await fired()).toEqual(['crash:1']);
      const [row] = await db.query<{ status: string }>(`SELECT status FROM deadlines WHERE key = 'crash:1'`);
      expect(row.status).toBe('done');
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
      await pool.end();
      await own.drop();
    }
  });

  it('deadlines held by a process killed (SIGKILL) while firing them are fired by another process within 5 s, once', async () => {
    const own = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: own.url, max: 2 });
    const db = new Database(pool);
    await db.query('CREATE TABLE fired (key text NOT NULL, pid int, at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await db.query('CREATE TABLE started (key text NOT NULL, pid int)');
    const worker = fileURLToPath(new URL('../fixtures/deadline-worker.mjs', import.meta.url));
    const start = async (env: Record<string, string> = {}): Promise<ChildProcess> => {
      const child = spawn(process.execPath, [worker], {
        env: { ...process.env, ...env, DATABASE_URL: own.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(line.toString()).toContain('ready');
      return child;
    };
    const keys = ['held:1', 'held:2', 'held:3'];
    const holder = await start({ HANG_DEADLINES: '1' });
    const taker = await start();
    try {
      // Only the holder polls while they fall due: the taker waits until the holder has claimed them.
      taker.kill('SIGSTOP');
      await db.transaction(async (tx) => {
        for (const key of keys) await scheduleDeadline(tx, { key, type: 'test.record', tenantId: null, dueAt: new Date(), payload: {} });
      });
      await until(
        async () => (await db.query<{ key: string }>('SELECT key FROM started')).length,
        (n) => n === 3,
        'the holder to start firing',
      );
      await sleep(LEASE_MS + 500); // longer than one lease: the holder keeps renewing it while alive
      taker.kill('SIGCONT');
      await sleep(500);
      expect(await db.query<{ key: string }>('SELECT key FROM fired')).toEqual([]);

      holder.kill('SIGKILL');
      await once(holder, 'exit');
      const killedAt = Date.now();
      const fired = await until(
        async () => db.query<{ key: string; pid: number }>('SELECT key, pid FROM fired ORDER BY key'),
        (rows) => rows.length === 3,
        'the taker to fire the held deadlines',
        10_000,
      );
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      expect(fired).toEqual(keys.map((key) => ({ key, pid: taker.pid })));
      await sleep(300);
      expect(await db.query('SELECT key FROM fired')).toHaveLength(3);
    } finally {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
      taker.kill('SIGCONT');
      taker.kill('SIGTERM');
      await once(taker, 'exit');
      await pool.end();
      await own.drop();
    }
  });
});
