import { LlmBudgetExceededError, LlmUnavailableError } from '../../src/platform/llm/index.js';
import {
  type BudgetApp,
  type BudgetTestbed,
  PRICE_PER_TOKEN_USD,
  budgetEvents,
  budgetTestbed,
  budgetsOf,
  registerAgent,
  setBudget,
} from './budget-test-apps.js';

/** 400 characters and at most 100 tokens out: the gateway estimates 204 tokens ($0.204); the loopback reports 202. */
const ESTIMATE_TOKENS = 204;
const ESTIMATE_USD = ESTIMATE_TOKENS * PRICE_PER_TOKEN_USD;
const question = (tenantId: string, scope?: { squadId?: string; agentSlug?: string }) => ({
  tenantId,
  purpose: 'reply',
  messages: [{ role: 'user' as const, content: 'q'.repeat(400) }],
  maxTokens: 100,
  scope,
});

describe('budgets enforced by the gateway (two app processes, one database, real openai client)', () => {
  let bed: BudgetTestbed;
  let one: BudgetApp;
  let two: BudgetApp;
  beforeAll(async () => {
    bed = await budgetTestbed();
    one = await bed.start();
    two = await bed.start();
  });
  afterAll(() => bed.close());

  const served = (tenantId: string) =>
    bed.server.requests.filter((request) => JSON.stringify(request.body.messages).includes(tenantId)).length;

  it('lets 50 concurrent calls from two processes overshoot a nearly spent budget by at most one estimate', async () => {
    const tenant = await bed.tenant(one);
    const limitUsd = 3.5 * ESTIMATE_USD;
    await setBudget(one, tenant, { scope: 'organization', period: 'day', limitUsd, mode: 'block' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? one : two).gateway.chat(question(tenant.organizationId))),
    );
    const answered = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(answered.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBe(50 - answered.length);
    for (const error of refused) expect(error).toBeInstanceOf(LlmBudgetExceededError);
    // Settlements are written behind the calls; each process's GET writes its own first, the other's is flushed here.
    await one.gateway.flushUsage();
    const [budget] = await budgetsOf(two, tenant);
    expect(budget.spentUsd).toBeLessThanOrEqual(limitUsd + ESTIMATE_USD);
    expect(budget.spentUsd).toBeCloseTo(answered.length * 202 * PRICE_PER_TOKEN_USD, 6);
    expect(budget).toMatchObject({ reservedUsd: 0, reservedTokens: 0 });
  });

  it('shares one budget between two processes, and keeps its spend over a restart', async () => {
    const tenant = await bed.tenant(one);
    await setBudget(one, tenant, { scope: 'organization', period: 'month', limitTokens: 2 * ESTIMATE_TOKENS, mode: 'block' });
    await one.gateway.chat(question(tenant.organizationId));
    await two.gateway.chat(question(tenant.organizationId));
    // The third call does not fit: 404 tokens spent of 408.
    await expect(one.gateway.chat(question(tenant.organizationId))).rejects.toBeInstanceOf(LlmBudgetExceededError);

    await one.gateway.flushUsage();
    await two.close();
    two = await bed.start();
    const [budget] = await budgetsOf(two, tenant);
    expect(budget).toMatchObject({ spentTokens: 404, limitTokens: 408 });
    await expect(two.gateway.chat(question(tenant.organizationId))).rejects.toBeInstanceOf(LlmUnavailableError);
  });

  it('blocks calls at the limit without reaching the provider, and announces the exhaustion once', async () => {
    const tenant = await bed.tenant(one);
    await setBudget(one, tenant, { scope: 'organization', period: 'day', limitTokens: ESTIMATE_TOKENS, mode: 'block', thresholds: [0.5] });
    const ask = () =>
      one.gateway.chat({
        ...question(tenant.organizationId),
        messages: [{ role: 'user', content: `${tenant.organizationId} ${'q'.repeat(363)}` }],
      });
    await ask();
    await expect(ask()).rejects.toThrow(/budget organization:day is spent/);
    await expect(ask()).rejects.toBeInstanceOf(LlmBudgetExceededError);
    expect(served(tenant.organizationId)).toBe(1);
    const events = await budgetEvents(bed.sql, tenant);
    expect(events.map((event) => event.type)).toEqual(['BudgetSet', 'BudgetThresholdReached', 'BudgetExhausted']);
    expect(events[2].data).toMatchObject({ budgetId: 'organization:day', reason: 'call_refused', mode: 'block' });
  });

  it('degrades to the offline model once a degrade budget is spent, marked so in the answer and the ledger', async () => {
    const tenant = await bed.tenant(one);
    await setBudget(one, tenant, { scope: 'organization', period: 'day', limitTokens: ESTIMATE_TOKENS + 10, mode: 'degrade' });
    const first = await one.gateway.chat(question(tenant.organizationId));
    expect(first).toMatchObject({ provider: 'paid', servedBecause: 'default' });
    const second = await one.gateway.chat(question(tenant.organizationId));
    expect(second).toMatchObject({ provider: 'offline', servedBecause: 'degraded', usage: { costUsd: 0 } });
    await one.gateway.flushUsage();
    const { rows } = await bed.sql.query<{ provider: string; served_because: string }>(
      `SELECT provider, served_because FROM llm_usage WHERE tenant_id = $1 ORDER BY id`,
      [tenant.organizationId],
    );
    expect(rows).toEqual([
      { provider: 'paid', served_because: 'default' },
      { provider: 'offline', served_because: 'degraded' },
    ]);
    const [budget] = await budgetsOf(one, tenant);
    expect(budget.spentTokens).toBe(202);
  });

  it('only announces with an alert budget: thresholds once each, then the exhaustion, calls go on', async () => {
    const tenant = await bed.tenant(one);
    await setBudget(one, tenant, {
      scope: 'organization',
      period: 'month',
      limitTokens: 2 * 202,
      mode: 'alert',
      thresholds: [0.5, 0.8, 1],
    });
    for (let i = 0; i < 3; i++) await one.gateway.chat(question(tenant.organizationId));
    // Settlements (and the announcements they cause) are written behind the calls.
    await one.gateway.flushUsage();
    const events = await budgetEvents(bed.sql, tenant);
    expect(events.map((event) => [event.type, event.data.threshold ?? event.data.reason])).toEqual([
      ['BudgetSet', undefined],
      ['BudgetThresholdReached', 0.5],
      ['BudgetThresholdReached', 0.8],
      ['BudgetThresholdReached', 1],
      ['BudgetExhausted', 'limit_reached'],
    ]);
    const [budget] = await budgetsOf(one, tenant);
    expect(budget).toMatchObject({ spentTokens: 606, mode: 'alert' });
    expect(budget.projectedTokens).toBeGreaterThanOrEqual(606);
  });

  it('charges a squad budget only for calls in that squad, and an agent budget only for that agent', async () => {
    const tenant = await bed.tenant(one);
    await setBudget(one, tenant, { scope: 'squad', squadId: tenant.squadId, period: 'day', limitTokens: 10, mode: 'block' });
    await registerAgent(one, tenant, 'reviewer');
    await setBudget(one, tenant, { scope: 'agent', agentSlug: 'reviewer', period: 'day', limitTokens: 10, mode: 'block' });
    await expect(one.gateway.chat(question(tenant.organizationId, { squadId: tenant.squadId }))).rejects.toBeInstanceOf(
      LlmBudgetExceededError,
    );
    await expect(one.gateway.chat(question(tenant.organizationId, { agentSlug: 'reviewer' }))).rejects.toBeInstanceOf(
      LlmBudgetExceededError,
    );
    await expect(
      one.gateway.chat(question(tenant.organizationId, { agentSlug: 'writer', squadId: 'another-squad' })),
    ).resolves.toMatchObject({
      provider: 'paid',
    });
  });
});
