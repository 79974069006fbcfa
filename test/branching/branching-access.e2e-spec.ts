import { type Endpoint, describeEndpointAccess } from '../support/endpoint-access.js';
import { type TestTenant, call, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { PROBLEMS, type SessionBody, branchNamed, branchingClient, requestEventCounter } from './support.js';

interface Fixture {
  session: string;
  root: string;
  a: string;
  b: string;
}

/** A session forked into A (active) and B (untried). */
async function forkedSession(url: string, key: string): Promise<Fixture> {
  const api = branchingClient(url, key);
  const session = await api.start();
  const forked: SessionBody = await api.fork(session.id, session.rootBranchId, ['A', 'B']);
  return { session: session.id, root: session.rootBranchId, a: branchNamed(forked, 'A').id, b: branchNamed(forked, 'B').id };
}

/** Every branching endpoint: 401 without a key, 404 for another organization's ids, 400 for bad bodies — nothing appended. */
describe('branching API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let mine: Fixture;
  let theirs: Fixture;
  let events: Awaited<ReturnType<typeof requestEventCounter>>;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await requestEventCounter(subject);
    mine = await forkedSession(subject.url, own.keys.admin);
    theirs = await forkedSession(subject.url, other.keys.admin);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  const fresh = async (key: string, then?: (f: Fixture) => Promise<unknown>) => {
    mine = await forkedSession(subject.url, key);
    await then?.(mine);
  };
  const sessionPath = (f: Fixture, rest = '') => `/api/v1/sessions/${f.session}${rest}`;
  const endpoints: Endpoint[] = [
    { name: 'start', method: 'POST', path: () => '/api/v1/sessions', body: () => ({ problem: 'Printer offline' }) },
    { name: 'list', method: 'GET', path: () => '/api/v1/sessions' },
    { name: 'get', method: 'GET', path: () => sessionPath(mine), foreign: () => ({ path: sessionPath(theirs) }) },
    {
      name: 'suggestions',
      method: 'POST',
      path: () => sessionPath(mine, '/suggestions'),
      foreign: () => ({ path: sessionPath(theirs, '/suggestions') }),
    },
    {
      name: 'fork',
      method: 'POST',
      path: () => sessionPath(mine, '/fork'),
      body: () => ({
        fromBranchId: mine.root,
        reason: 'Two causes',
        options: [
          { label: 'X', description: 'x' },
          { label: 'Y', description: 'y' },
        ],
      }),
      foreign: () => ({
        path: sessionPath(theirs, '/fork'),
        body: {
          fromBranchId: theirs.root,
          reason: 'r',
          options: [
            { label: 'X', description: 'x' },
            { label: 'Y', description: 'y' },
          ],
        },
      }),
    },
    {
      name: 'switch',
      method: 'POST',
      path: () => sessionPath(mine, `/branches/${mine.b}/switch`),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: sessionPath(theirs, `/branches/${theirs.b}/switch`) }),
    },
    {
      name: 'dead-end',
      method: 'POST',
      path: () => sessionPath(mine, `/branches/${mine.a}/dead-end`),
      body: () => ({ reason: 'Ruled out' }),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: sessionPath(theirs, `/branches/${theirs.a}/dead-end`) }),
    },
    {
      name: 'solved',
      method: 'POST',
      path: () => sessionPath(mine, `/branches/${mine.a}/solved`),
      body: () => ({ reason: 'Fixed it' }),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: sessionPath(theirs, `/branches/${theirs.a}/solved`) }),
    },
    {
      name: 'revive',
      method: 'POST',
      path: () => sessionPath(mine, `/branches/${mine.a}/revive`),
      body: () => ({ evidenceFromBranchId: mine.b, evidence: 'New log line' }),
      prepare: (_t, key) =>
        fresh(key, (f) =>
          call(`${subject.url}${sessionPath(f, `/branches/${f.a}/dead-end`)}`, key, { method: 'POST', body: { reason: 'no' } }),
        ),
      foreign: () => ({
        path: sessionPath(theirs, `/branches/${theirs.a}/revive`),
        body: { evidenceFromBranchId: theirs.b, evidence: 'e' },
      }),
    },
    {
      name: 'post message',
      method: 'POST',
      path: () => sessionPath(mine, `/branches/${mine.a}/messages`),
      body: () => ({ text: 'It prints a blank page' }),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: sessionPath(theirs, `/branches/${theirs.a}/messages`) }),
    },
    {
      name: 'list messages',
      method: 'GET',
      path: () => sessionPath(mine, `/branches/${mine.a}/messages`),
      foreign: () => ({ path: sessionPath(theirs, `/branches/${theirs.a}/messages`) }),
    },
  ];

  describeEndpointAccess(endpoints, {
    app: () => subject,
    own: () => own,
    other: () => other,
    eventCount: () => events.count(),
  });

  describe('bad input, nothing appended', () => {
    const refused = async (path: string, body: unknown, status: number, type: string) => {
      const before = await events.count();
      const response = await call(`${subject.url}${path}`, own.keys.admin, { method: 'POST', body });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ type: `${PROBLEMS}${type}` });
      expect(await events.count()).toBe(before);
    };
    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `H${i}`, description: 'd' }));

    it.each([1, 11])('a fork with %i options is a validation problem', async (n) => {
      const f = await forkedSession(subject.url, own.keys.admin);
      await refused(sessionPath(f, '/fork'), { fromBranchId: f.root, reason: 'r', options: options(n) }, 400, 'validation');
    });

    it('a fork from an unknown or a foreign branch is not found', async () => {
      const f = await forkedSession(subject.url, own.keys.admin);
      await refused(
        sessionPath(f, '/fork'),
        { fromBranchId: '00000000-0000-4000-8000-000000000000', reason: 'r', options: options(2) },
        404,
        'not-found',
      );
      await refused(sessionPath(f, '/fork'), { fromBranchId: theirs.root, reason: 'r', options: options(2) }, 404, 'not-found');
    });

    it('a transition or message on a branch of another session is not found', async () => {
      const f = await forkedSession(subject.url, own.keys.admin);
      const g = await forkedSession(subject.url, own.keys.admin);
      await refused(sessionPath(f, `/branches/${g.a}/switch`), undefined, 404, 'not-found');
      await refused(sessionPath(f, `/branches/${g.a}/messages`), { text: 'hi' }, 404, 'not-found');
      const history = await call(`${subject.url}${sessionPath(f, `/branches/${g.a}/messages`)}`, own.keys.admin);
      expect(history.status).toBe(404);
    });

    it('a message to a dead-end branch is an illegal transition', async () => {
      const f = await forkedSession(subject.url, own.keys.admin);
      await call(`${subject.url}${sessionPath(f, `/branches/${f.a}/dead-end`)}`, own.keys.admin, {
        method: 'POST',
        body: { reason: 'no' },
      });
      await refused(sessionPath(f, `/branches/${f.a}/messages`), { text: 'anyone?' }, 409, 'illegal-branch-transition');
    });

    it('a revival with evidence from the same branch is refused', async () => {
      const f = await forkedSession(subject.url, own.keys.admin);
      await call(`${subject.url}${sessionPath(f, `/branches/${f.a}/dead-end`)}`, own.keys.admin, {
        method: 'POST',
        body: { reason: 'no' },
      });
      await refused(
        sessionPath(f, `/branches/${f.a}/revive`),
        { evidenceFromBranchId: f.a, evidence: 'me' },
        422,
        'evidence-from-same-branch',
      );
    });

    it('more than 10 attachment ids, or ids that are not uuids, are validation problems', async () => {
      const f = await forkedSession(subject.url, own.keys.admin);
      const ids = Array.from({ length: 11 }, () => crypto.randomUUID());
      await refused(sessionPath(f, `/branches/${f.a}/messages`), { text: 'see files', attachmentIds: ids }, 400, 'validation');
      await refused(sessionPath(f, `/branches/${f.a}/messages`), { text: 'see files', attachmentIds: ['nope'] }, 400, 'validation');
    });
  });
});
