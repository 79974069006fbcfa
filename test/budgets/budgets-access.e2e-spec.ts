import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { agentBody } from '../registry/agent-body.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';
const valid = { scope: 'organization', period: 'day', limitUsd: 5, mode: 'alert', thresholds: [0.8, 1] };

const endpoints: Endpoint[] = [
  { name: 'list budgets', method: 'GET', path: () => '/api/v1/budgets', forbidden: 'agent' },
  {
    name: 'set budget',
    method: 'PUT',
    path: () => '/api/v1/budgets',
    forbidden: 'operator',
    body: () => valid,
    foreign: (_own, other) => ({ path: '/api/v1/budgets', body: { ...valid, scope: 'squad', squadId: other.squadId } }),
  },
];

describe('budgets: access and bad input', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    const registered = await call(`${subject.url}/api/v1/agents`, other.keys.admin, { method: 'POST', body: agentBody('elsewhere') });
    expect(registered.status).toBe(201);
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  const put = (body: unknown, key = own.keys.admin) => call(`${subject.url}/api/v1/budgets`, key, { method: 'PUT', body });

  it.each<[string, Record<string, unknown>, string]>([
    ['a zero dollar limit', { ...valid, limitUsd: 0 }, 'limitUsd'],
    ['a negative dollar limit', { ...valid, limitUsd: -3 }, 'limitUsd'],
    ['a zero token limit', { ...valid, limitTokens: 0 }, 'limitTokens'],
    ['a negative token limit', { ...valid, limitTokens: -100 }, 'limitTokens'],
    ['a fractional token limit', { ...valid, limitTokens: 2.5 }, 'limitTokens'],
    ['a period that is not day or month', { ...valid, period: 'week' }, 'period'],
    ['an unknown mode', { ...valid, mode: 'panic' }, 'mode'],
    ['an unknown scope', { ...valid, scope: 'planet' }, 'scope'],
    ['a threshold above 1', { ...valid, thresholds: [0.8, 1.5] }, 'thresholds'],
    ['a squad id that is no uuid', { ...valid, scope: 'squad', squadId: 'core' }, 'squadId'],
    ['a null limit', { ...valid, limitUsd: null }, 'limitUsd'],
  ])('answers 400 naming the field to %s, changing nothing', async (_name, body, field) => {
    const before = await events.count();
    const response = await put(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: `${PROBLEMS}validation`,
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(await events.count()).toBe(before);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no limit at all', { scope: 'organization', period: 'day', mode: 'block' }],
    ['a squad budget without its squad', { ...valid, scope: 'squad' }],
    ['an agent budget naming a squad too', { ...valid, scope: 'agent', agentSlug: 'x', squadId: '00000000-0000-4000-8000-000000000001' }],
    ['an organization budget naming an agent', { ...valid, agentSlug: 'x' }],
    ['repeated thresholds', { ...valid, thresholds: [0.8, 0.8] }],
  ])('answers 422 to %s, changing nothing', async (_name, body) => {
    const before = await events.count();
    const response = await put(body);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ type: `${PROBLEMS}domain-rule` });
    expect(await events.count()).toBe(before);
  });

  it('answers 404 to an unknown squad or agent, and to another organization’s agent, changing nothing', async () => {
    const before = await events.count();
    for (const body of [
      { ...valid, scope: 'squad', squadId: '00000000-0000-4000-8000-000000000000' },
      { ...valid, scope: 'agent', agentSlug: 'nobody' },
      { ...valid, scope: 'agent', agentSlug: 'elsewhere' },
    ]) {
      const response = await put(body);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
    }
    expect(await events.count()).toBe(before);
  });

  it('answers 403 to an agent key too', async () => {
    const response = await put(valid, own.keys.agent);
    expect(response.status).toBe(403);
  });

  it('sets a squad budget, replaces it, and lists it with its spend; setting it again changes nothing', async () => {
    const tenant = await createTenant(subject.app, 'Lister');
    const body = { scope: 'squad', squadId: tenant.squadId, period: 'month', limitTokens: 1000, mode: 'degrade' };
    const first = await call(`${subject.url}/api/v1/budgets`, tenant.keys.admin, { method: 'PUT', body });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      budgetId: `squad:${tenant.squadId}:month`,
      squadId: tenant.squadId,
      agentSlug: null,
      limitTokens: 1000,
      limitUsd: null,
      thresholds: [0.8, 1],
      spentTokens: 0,
      projectedTokens: 0,
    });
    const replaced = await call(`${subject.url}/api/v1/budgets`, tenant.keys.admin, {
      method: 'PUT',
      body: { ...body, limitTokens: 2000 },
    });
    expect(await replaced.json()).toMatchObject({ limitTokens: 2000 });
    const before = await events.count();
    await call(`${subject.url}/api/v1/budgets`, tenant.keys.admin, { method: 'PUT', body: { ...body, limitTokens: 2000 } });
    expect(await events.count()).toBe(before);
    const listed = await json<{ budgets: Array<{ budgetId: string; limitTokens: number }> }>(
      call(`${subject.url}/api/v1/budgets`, tenant.keys.operator),
    );
    expect(listed.budgets).toEqual([expect.objectContaining({ budgetId: `squad:${tenant.squadId}:month`, limitTokens: 2000 })]);
  });
});
