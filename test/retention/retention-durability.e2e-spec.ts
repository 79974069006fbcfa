import pg from 'pg';
import { type ChildApp, prepareSquad, startChildApp } from '../conversations/support/child-app.js';
import { pipelinesClient } from '../pipelines/support.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { call } from '../support/tenant.js';
import { until } from '../support/until.js';

/**
 * The real targets, in the built app as `npm start` runs it: a finished pipeline's agent logs aged
 * past the rule go, the rest stay. Killed while the sweep's DELETE waits on a lock: nothing was
 * removed, and after a restart the same sweep runs again (its lease expired), removes them and
 * records it once; one sweep stays scheduled ahead.
 */
describe('the retention sweep survives a crash', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  const apps: ChildApp[] = [];
  const env = { DEADLINE_POLL_MS: '20', RATE_LIMIT_PER_MINUTE: '100000' };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 4 });
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  const logPhases = async (pipelineId: string) =>
    (
      await db.query<{ phase: string }>(`SELECT phase FROM pipeline_agent_logs WHERE pipeline_id = $1 ORDER BY phase`, [pipelineId])
    ).rows.map((row) => row.phase);

  it('SIGKILL while the sweep deletes: restarted, the sweep removes the aged logs once and keeps one sweep ahead', async () => {
    const { adminKey } = await prepareSquad(database.url);
    const first = await startChildApp(database.url, env);
    apps.push(first);
    const pipelines = pipelinesClient(first.url, adminKey);
    const created = await pipelines.start({ featureRequest: 'Invoice export' });
    await pipelines.until(created.id, (p) => p.status === 'completed', 'the offline run');
    const phases = await logPhases(created.id);
    expect(phases).toHaveLength(7);
    await db.query(`UPDATE pipeline_agent_logs SET logged_at = logged_at - interval '100 days' WHERE phase IN ('why', 'research')`);
    const rules = await call(`${first.url}/api/v1/organization/retention`, adminKey);
    expect(((await rules.json()) as { targets: { target: string; days: number | null }[] }).targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'agent_logs', days: 90 }),
        expect.objectContaining({ target: 'docs_cache', days: 7 }),
        expect.objectContaining({ target: 'pipeline_states', days: 365 }),
      ]),
    );

    // The sweep's DELETE waits on this lock; the process is killed while it waits.
    const holder = await db.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE pipeline_agent_logs IN ACCESS EXCLUSIVE MODE');
    const missed = new Date(Date.now() - 86_400_000).toISOString();
    await db.query(`INSERT INTO deadlines (key, type, tenant_id, due_at, payload) VALUES ($1, 'retention:sweep', NULL, $2, '{}')`, [
      `retention:sweep:${missed}`,
      missed,
    ]);
    await until(
      () => db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      (result) => result.rowCount === 1,
      'the sweep waiting on the lock',
    );
    await first.kill();
    // What Postgres does once it notices the client is gone; done here so the orphaned statement cannot run on.
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    await holder.query('COMMIT');
    holder.release();
    expect(await logPhases(created.id)).toEqual(phases);

    const second = await startChildApp(database.url, env);
    apps.push(second);
    await until(
      () => logPhases(created.id),
      (left) => left.length === 5,
      'the aged logs removed',
      20_000,
    );
    expect(await logPhases(created.id)).toEqual(phases.filter((phase) => phase !== 'why' && phase !== 'research'));
    await until(
      () => db.query<{ status: string }>(`SELECT status FROM deadlines WHERE key = $1`, [`retention:sweep:${missed}`]),
      (result) => result.rows[0]?.status === 'done',
      'the sweep done',
    );
    const applied = await db.query<{ data: { target: string; removed: number; days: number } }>(
      `SELECT data FROM events WHERE type = 'RetentionApplied' ORDER BY position`,
    );
    expect(applied.rows.map((row) => row.data)).toEqual([expect.objectContaining({ target: 'agent_logs', removed: 2, days: 90 })]);
    const ahead = await db.query(`SELECT key FROM deadlines WHERE type = 'retention:sweep' AND status = 'pending'`);
    expect(ahead.rowCount).toBe(1);
    // The finished pipeline itself changed moments ago, far inside its year.
    const kept = await call(`${second.url}/api/v1/pipelines/${created.id}`, adminKey);
    expect(kept.status).toBe(200);
  });
});
