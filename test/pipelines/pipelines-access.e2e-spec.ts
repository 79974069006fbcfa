import { requestEventCounter } from '../branching/support.js';
import { type Endpoint, describeEndpointAccess } from '../support/endpoint-access.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { pipelinesClient } from './support.js';

/** Every pipelines endpoint: 401 without a key, 403 for an agent approving a gate, 404 for another organization's ids, 400 for bad bodies. */
describe('pipelines API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof requestEventCounter>>;
  let mine: string;
  let theirs: string;

  /** A run of why then plan, gated after why, waiting there (offline: no provider). */
  const gatedRun = async (key: string) => {
    const api = pipelinesClient(subject.url, key);
    const created = await api.start({
      featureRequest: 'Invoice export',
      phases: [{ phase: 'why' }, { phase: 'plan' }],
      approvalGates: ['why'],
    });
    await api.until(created.id, (p) => p.status === 'waiting_for_approval', 'the gate');
    return created.id;
  };
  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await requestEventCounter(subject);
    mine = await gatedRun(own.keys.admin);
    theirs = await gatedRun(other.keys.admin);
  });
  afterAll(async () => {
    await events?.close();
    await subject?.close();
  });

  const endpoints: Endpoint[] = [
    {
      name: 'create',
      method: 'POST',
      path: () => '/api/v1/pipelines',
      body: () => ({ featureRequest: 'Dark mode' }),
      foreign: (_own, them) => ({ path: '/api/v1/pipelines', body: { featureRequest: 'Dark mode', squadId: them.squadId } }),
    },
    { name: 'list', method: 'GET', path: () => '/api/v1/pipelines' },
    { name: 'agent logs', method: 'GET', path: () => '/api/v1/pipelines/agent-logs' },
    { name: 'agent log statistics', method: 'GET', path: () => '/api/v1/pipelines/agent-logs/statistics' },
    { name: 'get', method: 'GET', path: () => `/api/v1/pipelines/${mine}`, foreign: () => ({ path: `/api/v1/pipelines/${theirs}` }) },
    {
      name: 'export',
      method: 'GET',
      path: () => `/api/v1/pipelines/${mine}/export`,
      foreign: () => ({ path: `/api/v1/pipelines/${theirs}/export` }),
    },
    {
      name: 'approve',
      method: 'POST',
      path: () => `/api/v1/pipelines/${mine}/approve`,
      body: () => ({ phase: 'why', note: 'ok' }),
      forbidden: 'agent',
      foreign: () => ({ path: `/api/v1/pipelines/${theirs}/approve` }),
    },
    {
      name: 'pause',
      method: 'POST',
      path: () => `/api/v1/pipelines/${mine}/pause`,
      foreign: () => ({ path: `/api/v1/pipelines/${theirs}/pause` }),
    },
    {
      name: 'resume',
      method: 'POST',
      path: () => `/api/v1/pipelines/${mine}/resume`,
      foreign: () => ({ path: `/api/v1/pipelines/${theirs}/resume` }),
    },
    {
      name: 'cancel',
      method: 'POST',
      path: () => `/api/v1/pipelines/${mine}/cancel`,
      body: () => ({ reason: 'no longer needed' }),
      prepare: async (_t, key) => {
        mine = await gatedRun(key);
      },
      foreign: () => ({ path: `/api/v1/pipelines/${theirs}/cancel` }),
    },
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  // Retrying needs a failed phase, which an offline run never has: its 2xx is in pipelines-timeout, its access here.

  it('retry: 401 without a key, 404 for another organization’s pipeline, 409 when nothing failed, 400 for an unknown phase — nothing appended', async () => {
    const before = await events.count();
    const url = (id: string, phase = 'why') => `${subject.url}/api/v1/pipelines/${id}/phases/${phase}/retry`;
    expect((await fetch(url(mine), { method: 'POST' })).status).toBe(401);
    const api = (key: string) => ({ post: (u: string) => fetch(u, { method: 'POST', headers: { authorization: `Bearer ${key}` } }) });
    expect((await api(own.keys.admin).post(url(theirs))).status).toBe(404);
    expect((await api(own.keys.agent).post(url(mine))).status).toBe(409);
    expect((await api(own.keys.admin).post(url(mine, 'deploy'))).status).toBe(400);
    expect((await api(own.keys.admin).post(`${subject.url}/api/v1/pipelines/not-a-uuid`)).status).toBe(404);
    expect(await events.count()).toBe(before);
  });

  it('list and agent-log filters refuse what they do not know', async () => {
    const get = (path: string) => fetch(`${subject.url}${path}`, { headers: { authorization: `Bearer ${own.keys.admin}` } });
    for (const path of [
      '/api/v1/pipelines?status=sleeping',
      '/api/v1/pipelines?cursor=nope',
      '/api/v1/pipelines/agent-logs?success=maybe',
      '/api/v1/pipelines/agent-logs?phase=deploy',
      '/api/v1/pipelines/agent-logs?from=yesterday',
      '/api/v1/pipelines/agent-logs/statistics?to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z',
      '/api/v1/pipelines/agent-logs?sneaky=1',
    ])
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 400 });
  });
});
