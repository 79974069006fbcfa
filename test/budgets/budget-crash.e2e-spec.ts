import { type ChildApp, startChildApp } from '../conversations/support/child-app.js';
import { agentBody } from '../registry/agent-body.js';
import { type TestTenant, call, json } from '../support/tenant.js';
import { until } from '../support/until.js';
import { type BudgetTestbed, budgetTestbed } from './budget-test-apps.js';

interface Execution {
  status: string;
  error: string | null;
}

/** The gateway's total timeout in the child apps: their reservations expire 3 s + RESERVATION_SLACK_MS (10 s) after they are made. */
const TOTAL_TIMEOUT_MS = 3_000;

describe('a process killed during a model call does not keep its reservation', () => {
  let bed: BudgetTestbed;
  let tenant: TestTenant;
  const children: ChildApp[] = [];
  const env = () => ({
    LLM_1_NAME: 'paid',
    LLM_1_BASE_URL: bed.server.baseUrl,
    LLM_1_MODEL: 'paid-model',
    LLM_1_PRICE_IN: '1',
    LLM_1_PRICE_OUT: '1',
    LLM_OFFLINE_FALLBACK: 'false',
    LLM_MAX_RETRIES: '0',
    LLM_TOTAL_TIMEOUT_MS: String(TOTAL_TIMEOUT_MS),
  });

  beforeAll(async () => {
    bed = await budgetTestbed();
    // Set up with an app in this process, then stop it: only the child processes run executions.
    const setup = await bed.start();
    tenant = await bed.tenant(setup);
    const post = (path: string, body?: unknown) => call(`${setup.url}${path}`, tenant.keys.admin, { method: 'POST', body });
    await post('/api/v1/agents', agentBody('pager', '1.0.0', { triggers: [{ eventType: 'pager.*' }] }));
    await post('/api/v1/agents/pager/versions/1.0.0/publish');
    await post('/api/v1/runtime/instances', { slug: 'pager' });
    await setup.close();
  });
  afterAll(async () => {
    for (const child of children.splice(0)) await child.stop();
    await bed.close();
  });

  const start = async () => {
    const child = await startChildApp(bed.database.url, env());
    children.push(child);
    return child;
  };
  const page = (child: ChildApp, label: string) =>
    call(`${child.url}/api/v1/events`, tenant.keys.admin, { method: 'POST', body: { type: 'pager.fired', payload: { label } } });
  const reached = (label: string) => bed.server.requests.filter((request) => JSON.stringify(request.body.messages ?? []).includes(label));
  const reservations = async () =>
    (
      await bed.sql.query<{ holder: string; reserved_tokens: string }>(
        'SELECT holder, reserved_tokens FROM budget_reservations WHERE tenant_id = $1',
        [tenant.organizationId],
      )
    ).rows;
  const execution = (child: ChildApp, count: number) =>
    until(
      async () => (await json<{ items: Execution[] }>(call(`${child.url}/api/v1/runtime/executions`, tenant.keys.admin))).items,
      (items) => items.filter((item) => item.status === 'succeeded' || item.status === 'failed').length >= count,
      `${count} finished executions`,
    ).then((items) => items.find((item) => item.status === 'succeeded' || item.status === 'failed')!);

  it('SIGKILLed mid-call: its estimate blocks the budget until it expires, then a restarted process gives it back', async () => {
    const first = await start();
    expect(
      (
        await call(`${first.url}/api/v1/budgets`, tenant.keys.admin, {
          method: 'PUT',
          body: { scope: 'organization', period: 'day', limitTokens: 1_000_000, mode: 'block' },
        })
      ).status,
    ).toBe(200);
    // The provider answers the first call only after the process is gone.
    bed.server.enqueue({ delayMs: 60_000, content: 'too late' });
    expect((await page(first, 'alpha')).status).toBe(202);
    await until(
      async () => reached('alpha').length,
      (n) => n === 1,
      'the first call to reach the provider',
    );
    await first.kill();

    const [left] = await reservations();
    expect(left.holder).toContain(`:${first.child.pid}:`);
    const estimate = Number(left.reserved_tokens);

    const second = await start();
    // Room for one call's estimate and a half: the dead process's estimate still holds one of them.
    const limited = await call(`${second.url}/api/v1/budgets`, tenant.keys.admin, {
      method: 'PUT',
      body: { scope: 'organization', period: 'day', limitTokens: Math.floor(1.5 * estimate), mode: 'block' },
    });
    expect(limited.status).toBe(200);
    expect((await page(second, 'bravo')).status).toBe(202);
    expect(await execution(second, 1)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/budget organization:day is spent/),
    });
    expect(reached('bravo')).toHaveLength(0);

    // The restarted process's sweep gives the estimate back once it expires.
    await until(reservations, (rows) => rows.length === 0, 'the sweep to release the dead reservation', 30_000);
    const budget = await json<{ budgets: Array<{ reservedTokens: number; spentTokens: number }> }>(
      call(`${second.url}/api/v1/budgets`, tenant.keys.admin),
    );
    expect(budget.budgets[0]).toMatchObject({ reservedTokens: 0, spentTokens: 0 });
    expect(second.output()).toContain('gave back 1 budget reservations');

    expect((await page(second, 'charlie')).status).toBe(202);
    await until(
      async () => reached('charlie').length,
      (n) => n === 1,
      'the call after the sweep to reach the provider',
    );
  }, 90_000);
});
