import { agentBody } from '../registry/agent-body.js';
import { call, json } from '../support/tenant.js';
import { until } from '../support/until.js';
import { type BudgetApp, type BudgetTestbed, budgetTestbed, setBudget } from './budget-test-apps.js';

interface Execution {
  slug: string;
  status: string;
  output: string | null;
  error: string | null;
}

/** Registry executions run outside any conversation: they are charged to the squad their agent is a member of. */
describe('budgets of the squad an agent works for apply to its registry executions', () => {
  let bed: BudgetTestbed;
  let app: BudgetApp;
  beforeAll(async () => {
    bed = await budgetTestbed();
    app = await bed.start();
  });
  afterAll(() => bed.close());

  it('stops a registry execution of an agent in a squad whose block budget is spent, not one of an agent in no squad', async () => {
    // The tenant's squad has an agent member running `tech-lead`; `outsider` is in no squad.
    const tenant = await bed.tenant(app);
    const post = (path: string, body?: unknown) => call(`${app.url}${path}`, tenant.keys.admin, { method: 'POST', body });
    for (const slug of ['tech-lead', 'outsider']) {
      expect((await post('/api/v1/agents', agentBody(slug, '1.0.0', { triggers: [{ eventType: `${slug}.paged` }] }))).status).toBe(201);
      expect((await post(`/api/v1/agents/${slug}/versions/1.0.0/publish`)).status).toBe(200);
      expect((await post('/api/v1/runtime/instances', { slug })).status).toBe(201);
    }
    await setBudget(app, tenant, { scope: 'squad', squadId: tenant.squadId, period: 'day', limitTokens: 10, mode: 'block' });

    const marker = `page-${tenant.organizationId}`;
    for (const slug of ['tech-lead', 'outsider'])
      expect((await post('/api/v1/events', { type: `${slug}.paged`, payload: { marker, slug } })).status).toBe(202);
    const executions = await until(
      async () => (await json<{ items: Execution[] }>(call(`${app.url}/api/v1/runtime/executions`, tenant.keys.admin))).items,
      (items) => items.length === 2 && items.every((item) => item.status === 'succeeded' || item.status === 'failed'),
      'both executions to finish',
    );
    const bySlug = new Map(executions.map((execution) => [execution.slug, execution]));
    expect(bySlug.get('tech-lead')).toMatchObject({ status: 'failed', output: null });
    expect(bySlug.get('tech-lead')!.error).toMatch(/budget squad:.* is spent/);
    expect(bySlug.get('outsider')).toMatchObject({ status: 'succeeded', error: null });

    // The refused call never reached the provider; the ledger counts both calls as whose they were.
    const reached = bed.server.requests.filter((request) => JSON.stringify(request.body.messages ?? []).includes(marker));
    expect(reached.map((request) => JSON.stringify(request.body.messages).includes('outsider'))).toEqual([true]);
    await app.gateway.flushUsage();
    const { rows } = await bed.sql.query<{ agent_slug: string; squad_id: string | null; outcome: string }>(
      `SELECT agent_slug, squad_id, outcome FROM llm_usage WHERE tenant_id = $1 ORDER BY agent_slug`,
      [tenant.organizationId],
    );
    expect(rows).toEqual([
      { agent_slug: 'outsider', squad_id: null, outcome: 'ok' },
      { agent_slug: 'tech-lead', squad_id: tenant.squadId, outcome: 'failed' },
    ]);
  });
});
