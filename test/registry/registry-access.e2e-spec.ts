import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { agentBody } from './agent-body.js';

interface Fixture {
  instanceId: string;
}

const fixtures = new Map<string, Fixture>();
const fixture = (t: TestTenant) => fixtures.get(t.organizationId)!;

const endpoints: Endpoint[] = [
  { name: 'search agents', method: 'GET', path: () => '/api/v1/agents?q=releases' },
  { name: 'register agent', method: 'POST', path: () => '/api/v1/agents', forbidden: 'operator', body: () => agentBody('fresh-agent') },
  { name: 'list agent templates', method: 'GET', path: () => '/api/v1/agents/templates' },
  { name: 'install agent templates', method: 'POST', path: () => '/api/v1/agents/templates/install', forbidden: 'operator' },
  {
    name: 'get agent',
    method: 'GET',
    path: () => '/api/v1/agents/watcher',
    foreign: () => ({ path: '/api/v1/agents/elsewhere' }),
  },
  {
    name: 'list agent versions',
    method: 'GET',
    path: () => '/api/v1/agents/watcher/versions',
    foreign: () => ({ path: '/api/v1/agents/elsewhere/versions' }),
  },
  {
    name: 'export agent',
    method: 'GET',
    path: () => '/api/v1/agents/watcher/export',
    foreign: () => ({ path: '/api/v1/agents/elsewhere/export' }),
  },
  {
    name: 'publish agent version',
    method: 'POST',
    path: () => '/api/v1/agents/watcher/versions/1.1.0/publish',
    forbidden: 'agent',
    foreign: () => ({ path: '/api/v1/agents/elsewhere/versions/1.1.0/publish' }),
  },
  {
    name: 'deprecate agent version',
    method: 'POST',
    path: () => '/api/v1/agents/watcher/versions/1.0.0/deprecate',
    forbidden: 'operator',
    body: () => ({ reason: 'superseded' }),
    foreign: () => ({ path: '/api/v1/agents/elsewhere/versions/1.0.0/deprecate' }),
  },
  {
    name: 'delete agent draft',
    method: 'DELETE',
    path: () => '/api/v1/agents/watcher/versions/1.1.0',
    forbidden: 'operator',
    foreign: () => ({ path: '/api/v1/agents/elsewhere/versions/1.1.0' }),
  },
  { name: 'list instances', method: 'GET', path: () => '/api/v1/runtime/instances' },
  {
    name: 'start instance',
    method: 'POST',
    path: () => '/api/v1/runtime/instances',
    forbidden: 'agent',
    body: () => ({ slug: 'watcher' }),
    foreign: () => ({ path: '/api/v1/runtime/instances', body: { slug: 'elsewhere' } }),
  },
  {
    name: 'get instance',
    method: 'GET',
    path: (t) => `/api/v1/runtime/instances/${fixture(t).instanceId}`,
    foreign: (_, o) => ({ path: `/api/v1/runtime/instances/${fixture(o).instanceId}` }),
  },
  {
    name: 'pause instance',
    method: 'POST',
    path: (t) => `/api/v1/runtime/instances/${fixture(t).instanceId}/pause`,
    forbidden: 'agent',
    foreign: (_, o) => ({ path: `/api/v1/runtime/instances/${fixture(o).instanceId}/pause` }),
  },
  { name: 'list executions', method: 'GET', path: () => '/api/v1/runtime/executions?status=succeeded' },
  { name: 'agent metrics', method: 'GET', path: () => '/api/v1/runtime/metrics' },
  {
    name: 'publish event',
    method: 'POST',
    path: () => '/api/v1/events',
    body: () => ({ type: 'audit.logged', payload: { env: 'prod' }, priority: 'HIGH' }),
  },
  { name: 'list events', method: 'GET', path: () => '/api/v1/events?unhandled=true' },
  { name: 'routing statistics', method: 'GET', path: () => '/api/v1/events/stats' },
  { name: 'list locks', method: 'GET', path: () => '/api/v1/locks' },
  { name: 'get lock', method: 'GET', path: () => '/api/v1/locks/repo-main' },
  {
    name: 'acquire lock',
    method: 'POST',
    path: () => '/api/v1/locks/repo-main/acquire',
    body: () => ({ holder: 'builder-1', ttlMs: 60_000, priority: 'NORMAL' }),
  },
  {
    name: 'release lock',
    method: 'POST',
    path: () => '/api/v1/locks/release-me/release',
    body: () => ({ holder: 'releaser' }),
    prepare: async (_t, key) => {
      const taken = await call(`${subject.url}/api/v1/locks/release-me/acquire`, key, {
        method: 'POST',
        body: { holder: 'releaser', ttlMs: 60_000 },
      });
      expect(taken.status).toBe(200);
    },
  },
];

let subject: TestApp;

describe('registry endpoints: access and validation', () => {
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;

  async function setUp(tenant: TestTenant, slug: string): Promise<void> {
    const admin = tenant.keys.admin;
    const post = (path: string, body?: unknown) => call(`${subject.url}${path}`, admin, { method: 'POST', body });
    expect((await post('/api/v1/agents', agentBody(slug))).status).toBe(201);
    expect((await post(`/api/v1/agents/${slug}/versions/1.0.0/publish`)).status).toBe(200);
    expect((await post('/api/v1/agents', agentBody(slug, '1.1.0'))).status).toBe(201);
    const started = await json<{ instanceId: string }>(post('/api/v1/runtime/instances', { slug }));
    fixtures.set(tenant.organizationId, { instanceId: started.instanceId });
  }

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    await setUp(own, 'watcher');
    await setUp(other, 'elsewhere');
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  describeEndpointAccess(endpoints, {
    app: () => subject,
    own: () => own,
    other: () => other,
    eventCount: () => events.count(),
  });

  describe('POST import (a YAML body)', () => {
    const importYaml = (key: string | undefined, yaml: string, type = 'application/yaml') =>
      fetch(`${subject.url}/api/v1/agents/import`, {
        method: 'POST',
        headers: { 'content-type': type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: yaml,
      });
    const yaml = 'slug: imported\nversion: 1.0.0\n';

    it('answers 401 without a key and 403 to an operator, appending nothing', async () => {
      const before = await events.count();
      expect((await importYaml(undefined, yaml)).status).toBe(401);
      const forbidden = await importYaml(own.keys.operator, yaml);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/forbidden' });
      expect(await events.count()).toBe(before);
    });

    it('answers 415 to a JSON body and 400 naming the field to a schema violation, appending nothing', async () => {
      const before = await events.count();
      const asJson = await call(`${subject.url}/api/v1/agents/import`, own.keys.admin, { method: 'POST', body: { slug: 'x' } });
      expect(asJson.status).toBe(415);
      expect(asJson.headers.get('content-type')).toContain('application/problem+json');
      const invalid = await importYaml(own.keys.admin, yaml);
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/validation', field: 'name' });
      expect(await events.count()).toBe(before);
    });
  });

  it('answers 400 to an unknown query parameter and a malformed If-Match, appending nothing', async () => {
    const before = await events.count();
    expect((await call(`${subject.url}/api/v1/agents?sneaky=1`, own.keys.admin)).status).toBe(400);
    expect((await call(`${subject.url}/api/v1/runtime/executions?status=done`, own.keys.admin)).status).toBe(400);
    expect((await call(`${subject.url}/api/v1/events?limit=0`, own.keys.admin)).status).toBe(400);
    const badIfMatch = await call(`${subject.url}/api/v1/agents/watcher/versions/1.1.0/publish`, own.keys.admin, {
      method: 'POST',
      headers: { 'if-match': 'yesterday' },
    });
    expect(badIfMatch.status).toBe(400);
    expect(await events.count()).toBe(before);
  });

  it('answers 404 to an unknown instance action, appending nothing', async () => {
    const before = await events.count();
    const response = await call(`${subject.url}/api/v1/runtime/instances/${fixture(own).instanceId}/explode`, own.keys.admin, {
      method: 'POST',
    });
    expect(response.status).toBe(404);
    expect(await events.count()).toBe(before);
  });
});
