import pg from 'pg';
import type { PrincipalRole } from '../../src/platform/http/auth/principal.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';

/**
 * Every organizations endpoint: no key 401, a role that may not 403, another organization's id
 * 404, and (with a body) malformed or unknown-field bodies 400 with nothing appended.
 */
interface Endpoint {
  name: string;
  method: string;
  path: (t: TestTenant) => string;
  /** A role that must get 403, when some role may not call it. */
  forbidden?: PrincipalRole;
  /** A valid body, for endpoints that take one. */
  body?: (t: TestTenant) => Record<string, unknown>;
  /** The path with ids of the other organization, for endpoints that name one. */
  foreign?: (own: TestTenant, other: TestTenant) => string;
}

const endpoints: Endpoint[] = [
  {
    name: 'get organization',
    method: 'GET',
    path: (t) => `/api/v1/organizations/${t.organizationId}`,
    forbidden: 'agent',
    foreign: (_, o) => `/api/v1/organizations/${o.organizationId}`,
  },
  {
    name: 'update organization',
    method: 'PATCH',
    path: (t) => `/api/v1/organizations/${t.organizationId}`,
    forbidden: 'operator',
    body: () => ({ plan: 'enterprise' }),
    foreign: (_, o) => `/api/v1/organizations/${o.organizationId}`,
  },
  { name: 'list squads', method: 'GET', path: () => '/api/v1/squads' },
  { name: 'create squad', method: 'POST', path: () => '/api/v1/squads', forbidden: 'operator', body: () => ({ name: 'New squad' }) },
  { name: 'get squad', method: 'GET', path: (t) => `/api/v1/squads/${t.squadId}`, foreign: (_, o) => `/api/v1/squads/${o.squadId}` },
  {
    name: 'update squad',
    method: 'PATCH',
    path: (t) => `/api/v1/squads/${t.squadId}`,
    forbidden: 'agent',
    body: () => ({ description: 'changed' }),
    foreign: (_, o) => `/api/v1/squads/${o.squadId}`,
  },
  {
    name: 'list members',
    method: 'GET',
    path: (t) => `/api/v1/squads/${t.squadId}/members`,
    foreign: (_, o) => `/api/v1/squads/${o.squadId}/members`,
  },
  {
    name: 'add member',
    method: 'POST',
    path: (t) => `/api/v1/squads/${t.squadId}/members`,
    forbidden: 'agent',
    body: () => ({ kind: 'human', role: 'project_manager', displayName: 'Pat' }),
    foreign: (_, o) => `/api/v1/squads/${o.squadId}/members`,
  },
  {
    name: 'remove member',
    method: 'DELETE',
    path: (t) => `/api/v1/squads/${t.squadId}/members/${t.humanMemberId}`,
    forbidden: 'operator',
    foreign: (own, o) => `/api/v1/squads/${o.squadId}/members/${o.humanMemberId}`,
  },
  { name: 'list API keys', method: 'GET', path: () => '/api/v1/api-keys', forbidden: 'operator' },
  {
    name: 'issue API key',
    method: 'POST',
    path: () => '/api/v1/api-keys',
    forbidden: 'agent',
    body: () => ({ name: 'ci', role: 'operator' }),
  },
  {
    name: 'issue API key for another organization’s member',
    method: 'POST',
    path: () => '/api/v1/api-keys',
    forbidden: 'agent',
    body: (t) => ({ name: 'bot', role: 'agent', memberId: t.agentMemberId }),
    foreign: () => '/api/v1/api-keys',
  },
  { name: 'revoke API key', method: 'DELETE', path: () => '/api/v1/api-keys/00000000-0000-4000-8000-000000000001', forbidden: 'operator' },
];

describe('organizations endpoints: access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let db: pg.Client;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  describe.each(endpoints)('$method $name', (endpoint) => {
    const url = () => subject.url + endpoint.path(own);
    const body = () => endpoint.body?.(own);

    it('answers 401 problem+json without a key, and with an unknown one', async () => {
      for (const key of [undefined, 'ask_unknown']) {
        const response = await call(url(), key, { method: endpoint.method, body: body() });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/unauthorized' });
      }
    });

    if (endpoint.forbidden) {
      const role = endpoint.forbidden;
      it(`answers 403 to an ${role} key`, async () => {
        const response = await call(url(), own.keys[role], { method: endpoint.method, body: body() });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/forbidden' });
      });
    } else {
      it('lets every role call it', async () => {
        for (const key of Object.values(own.keys)) {
          expect((await call(url(), key, { method: endpoint.method, body: body() })).status).toBeLessThan(300);
        }
      });
    }

    if (endpoint.foreign) {
      it('answers 404 for an id of another organization, and changes nothing', async () => {
        const before = await eventCount();
        const foreignBody = endpoint.body
          ? endpoint.name.startsWith('issue API key for another')
            ? endpoint.body(other)
            : endpoint.body(own)
          : undefined;
        const response = await call(subject.url + endpoint.foreign!(own, other), own.keys.admin, {
          method: endpoint.method,
          body: foreignBody,
        });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/not-found' });
        expect(await eventCount()).toBe(before);
      });
    }

    if (endpoint.body) {
      it('answers 400 to a malformed body, an unknown field and a wrong type, appending nothing', async () => {
        const before = await eventCount();
        const malformed = await call(url(), own.keys.admin, { method: endpoint.method, body: '{"name": ' });
        expect(malformed.status).toBe(400);
        expect(await malformed.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/malformed-json' });

        const unknown = await call(url(), own.keys.admin, { method: endpoint.method, body: { ...body(), sneaky: true } });
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/validation', errors: [{ field: 'sneaky' }] });

        const wrongType = await call(url(), own.keys.admin, {
          method: endpoint.method,
          body: Object.fromEntries(Object.keys(body()!).map((field) => [field, 12345])),
        });
        expect(wrongType.status).toBe(400);
        expect(await eventCount()).toBe(before);
      });
    }
  });

  it('accepts the key in X-API-Key as well', async () => {
    const response = await fetch(`${subject.url}/api/v1/squads`, { headers: { 'x-api-key': own.keys.operator } });
    expect(response.status).toBe(200);
  });

  it('refuses a revoked key at once', async () => {
    const issued = await json<{ id: string; key: string }>(
      call(`${subject.url}/api/v1/api-keys`, own.keys.admin, { method: 'POST', body: { name: 'temp', role: 'operator' } }),
    );
    expect((await call(`${subject.url}/api/v1/squads`, issued.key)).status).toBe(200);
    expect((await call(`${subject.url}/api/v1/api-keys/${issued.id}`, own.keys.admin, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${subject.url}/api/v1/squads`, issued.key)).status).toBe(401);
  });
});
