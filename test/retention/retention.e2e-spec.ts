import { Database } from '../../src/platform/database/database.js';
import { RetentionTargets } from '../../src/retention/index.js';
import { describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { until } from '../support/until.js';

const DAY_MS = 86_400_000;
const PROBLEMS = 'https://agent-squad.dev/problems/';

interface RetentionBody {
  targets: {
    target: string;
    defaultDays: number | null;
    rule: { days: number | null } | null;
    days: number | null;
    totalRemoved: number;
    lastRun: { removed: number } | null;
  }[];
  nextSweepAt: string;
}

/**
 * Retention over a target declared the way an owning module declares one: old rows of each
 * organization go by its rule or the default, rows the condition protects stay, events stay, and
 * every removal is recorded on the organization's retention stream.
 */
describe('retention', () => {
  let app: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;

  const sql = (text: string, params: unknown[] = []) => app.app.get(Database).query<Record<string, string>>(text, params);
  const ageDays = async (tenant: TestTenant) =>
    (await sql(`SELECT age_days FROM retention_spec_rows WHERE tenant_id = $1 ORDER BY age_days`, [tenant.organizationId])).map((row) =>
      Number(row.age_days),
    );
  const seed = async () => {
    await sql(`TRUNCATE retention_spec_rows`);
    for (const tenant of [a, b])
      for (const [age, status] of [
        [10, 'done'],
        [45, 'done'],
        [100, 'done'],
        [400, 'running'],
      ] as const)
        await sql(
          `INSERT INTO retention_spec_rows (tenant_id, age_days, status, logged_at) VALUES ($1, $2, $3, now() - make_interval(days => $2))`,
          [tenant.organizationId, age, status],
        );
  };
  const setRules = (tenant: TestTenant, rules: unknown[]) =>
    call(`${app.url}/api/v1/organization/retention`, tenant.keys.admin, { method: 'PUT', body: { rules } });

  beforeAll(async () => {
    app = await startTestApp({ DEADLINE_POLL_MS: '50' });
    [a, b] = [await createTenant(app.app, 'A'), await createTenant(app.app, 'B')];
    events = await eventCounter(app);
    await sql(
      `CREATE TABLE retention_spec_rows (tenant_id uuid NOT NULL, age_days int NOT NULL, status text NOT NULL, logged_at timestamptz NOT NULL)`,
    );
    app.app.get(RetentionTargets).register({
      name: 'spec_rows',
      description: 'Rows of this spec, by when they were logged',
      defaultDays: 90,
      table: 'retention_spec_rows',
      tenantColumn: 'tenant_id',
      ageColumn: 'logged_at',
      condition: `status <> 'running'`,
    });
  });

  afterAll(async () => {
    await events?.close();
    await app?.close();
  });

  it('shows each target with its default and no rule until one is set', async () => {
    const response = await call(`${app.url}/api/v1/organization/retention`, a.keys.admin);
    expect(response.status).toBe(200);
    const body = await json<RetentionBody>(response);
    expect(body.targets.find((t) => t.target === 'spec_rows')).toMatchObject({
      defaultDays: 90,
      rule: null,
      days: 90,
      totalRemoved: 0,
      lastRun: null,
    });
    expect(new Date(body.nextSweepAt).getUTCHours()).toBe(3);
  });

  it('removes by hand, for the caller’s organization only, what its rule says; protected rows and the other organization stay', async () => {
    await seed();
    const set = await setRules(a, [{ target: 'spec_rows', days: 30 }]);
    expect(set.status).toBe(200);
    expect((await json<RetentionBody>(set)).targets.find((t) => t.target === 'spec_rows')).toMatchObject({ rule: { days: 30 }, days: 30 });

    const run = await call(`${app.url}/api/v1/organization/retention/run`, a.keys.admin, { method: 'POST' });
    expect(run.status).toBe(200);
    expect(await run.json()).toEqual({ removed: [expect.objectContaining({ target: 'spec_rows', days: 30, removed: 2 })] });
    expect(await ageDays(a)).toEqual([10, 400]);
    expect(await ageDays(b)).toEqual([10, 45, 100, 400]);

    const applied = await sql(`SELECT data FROM events WHERE stream_id = $1 AND type = 'RetentionApplied'`, [
      `retention-${a.organizationId}`,
    ]);
    expect(applied.map((row) => row.data)).toEqual([expect.objectContaining({ target: 'spec_rows', days: 30, removed: 2 })]);
    const shown = await json<RetentionBody>(call(`${app.url}/api/v1/organization/retention`, a.keys.admin));
    expect(shown.targets.find((t) => t.target === 'spec_rows')).toMatchObject({ totalRemoved: 2, lastRun: { removed: 2 } });

    // Nothing left to remove: the run answers nothing and records nothing.
    const again = await call(`${app.url}/api/v1/organization/retention/run`, a.keys.admin, { method: 'POST' });
    expect(await again.json()).toEqual({ removed: [] });
    expect(
      await sql(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'RetentionApplied'`, [`retention-${a.organizationId}`]),
    ).toHaveLength(1);
  });

  it('keeps rows forever under a null rule, and goes back to the default when the rules are cleared', async () => {
    await seed();
    await setRules(a, [{ target: 'spec_rows', days: null }]);
    await call(`${app.url}/api/v1/organization/retention/run`, a.keys.admin, { method: 'POST' });
    expect(await ageDays(a)).toEqual([10, 45, 100, 400]);

    await setRules(a, []);
    await call(`${app.url}/api/v1/organization/retention/run`, a.keys.admin, { method: 'POST' });
    expect(await ageDays(a)).toEqual([10, 45, 400]);
  });

  it('sweeps every organization when a sweep falls due (one missed while down runs at start), then keeps one sweep ahead', async () => {
    await seed();
    await setRules(a, [{ target: 'spec_rows', days: 30 }]);
    const [ahead] = await sql(`SELECT key, due_at FROM deadlines WHERE type = 'retention:sweep' AND status = 'pending'`);
    expect(new Date(ahead.due_at).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(ahead.due_at).getTime()).toBeLessThanOrEqual(Date.now() + DAY_MS);
    const missed = new Date(new Date(ahead.due_at).getTime() - 2 * DAY_MS).toISOString();
    await sql(`INSERT INTO deadlines (key, type, tenant_id, due_at, payload) VALUES ($1, 'retention:sweep', NULL, $2, '{}')`, [
      `retention:sweep:${missed}`,
      missed,
    ]);

    await until(
      () => ageDays(b),
      (ages) => ages.length === 3,
      'the sweep of organization B',
    );
    expect(await ageDays(a)).toEqual([10, 400]);
    expect(await ageDays(b)).toEqual([10, 45, 400]);
    await until(
      () => sql(`SELECT status FROM deadlines WHERE key = $1`, [`retention:sweep:${missed}`]),
      (rows) => rows[0]?.status === 'done',
      'the missed sweep done',
    );
    const pending = await sql(`SELECT key FROM deadlines WHERE type = 'retention:sweep' AND status = 'pending'`);
    expect(pending).toEqual([{ key: ahead.key }]);
  });

  it('refuses a rule for an unknown target, a target twice and days out of range, changing nothing', async () => {
    for (const [rules, status, type] of [
      [[{ target: 'failures', days: 30 }], 422, 'retention-rule-invalid'],
      [
        [
          { target: 'spec_rows', days: 30 },
          { target: 'spec_rows', days: 60 },
        ],
        422,
        'retention-rule-invalid',
      ],
      [[{ target: 'spec_rows', days: 0 }], 400, 'validation'],
      [[{ target: 'spec_rows', days: 1.5 }], 400, 'validation'],
      [[{ target: 'spec_rows' }], 400, 'validation'],
      [[{ target: 'spec_rows', days: 30, extra: 1 }], 400, 'validation'],
      [[null], 400, 'validation'],
    ] as const) {
      const before = await events.count();
      const response = await setRules(b, [...rules]);
      expect({ rules, status: response.status }).toEqual({ rules, status });
      expect(await response.json()).toMatchObject({ type: `${PROBLEMS}${type}` });
      expect(await events.count()).toBe(before);
    }
  });

  describeEndpointAccess(
    [
      { name: 'getRetention', method: 'GET', path: () => '/api/v1/organization/retention', forbidden: 'operator' },
      {
        name: 'setRetentionRules',
        method: 'PUT',
        path: () => '/api/v1/organization/retention',
        forbidden: 'operator',
        body: () => ({ rules: [{ target: 'spec_rows', days: 30 }] }),
      },
      { name: 'applyRetention', method: 'POST', path: () => '/api/v1/organization/retention/run', forbidden: 'agent' },
    ],
    { app: () => app, own: () => a, other: () => b, eventCount: () => events.count() },
  );
});
