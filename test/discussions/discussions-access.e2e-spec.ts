import pg from 'pg';
import { type Endpoint, describeEndpointAccess } from '../support/endpoint-access.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';

/**
 * Every discussions endpoint: 401 without a key, 404 for another organization's ids, 400 for bad
 * bodies — nothing appended. Turns of started discussions may run meanwhile (their events are the
 * system's), so what is counted is the events requests append: those whose actor is not the system.
 */
describe('discussions API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let mine: string;
  let theirs: string;
  let events: { count: () => Promise<number>; close: () => Promise<void> };

  const open = async (key: string) => {
    const response = await call(`${subject.url}/api/v1/discussions`, key, {
      method: 'POST',
      body: { goal: 'Pick a queue', autoStart: false },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const act = (id: string, key: string, action: string) =>
    call(`${subject.url}/api/v1/discussions/${id}/${action}`, key, { method: 'POST', body: {} });
  /** A fresh discussion of our organization in the state the endpoint needs. */
  const fresh = async (key: string, ...actions: string[]) => {
    mine = await open(key);
    for (const action of actions) expect((await act(mine, key, action)).status).toBe(200);
  };

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    events = {
      count: async () =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE metadata->'actor'->>'kind' <> 'system'`)).rows[0].n),
      close: () => db.end(),
    };
    mine = await open(own.keys.admin);
    theirs = await open(other.keys.admin);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  const at = (id: string, rest = '') => `/api/v1/discussions/${id}${rest}`;
  const endpoints: Endpoint[] = [
    { name: 'open', method: 'POST', path: () => '/api/v1/discussions', body: () => ({ goal: 'Pick a queue', autoStart: false }) },
    { name: 'list', method: 'GET', path: () => '/api/v1/discussions?state=created' },
    { name: 'search', method: 'GET', path: () => '/api/v1/discussions/search?q=queue' },
    { name: 'get', method: 'GET', path: () => at(mine), foreign: () => ({ path: at(theirs) }) },
    { name: 'messages', method: 'GET', path: () => at(mine, '/messages'), foreign: () => ({ path: at(theirs, '/messages') }) },
    { name: 'timeline', method: 'GET', path: () => at(mine, '/timeline'), foreign: () => ({ path: at(theirs, '/timeline') }) },
    { name: 'export', method: 'GET', path: () => at(mine, '/export?format=markdown'), foreign: () => ({ path: at(theirs, '/export') }) },
    {
      name: 'post message',
      method: 'POST',
      path: () => at(mine, '/messages'),
      body: () => ({ text: 'Ordering per customer matters' }),
      foreign: () => ({ path: at(theirs, '/messages') }),
    },
    {
      name: 'propose',
      method: 'POST',
      path: () => at(mine, '/proposals'),
      body: () => ({ text: 'Use Postgres as the queue' }),
      foreign: () => ({ path: at(theirs, '/proposals') }),
    },
    {
      name: 'start',
      method: 'POST',
      path: () => at(mine, '/start'),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: at(theirs, '/start') }),
    },
    {
      name: 'pause',
      method: 'POST',
      path: () => at(mine, '/pause'),
      prepare: (_t, key) => fresh(key, 'start'),
      foreign: () => ({ path: at(theirs, '/pause') }),
    },
    {
      name: 'resume',
      method: 'POST',
      path: () => at(mine, '/resume'),
      prepare: (_t, key) => fresh(key, 'start', 'pause'),
      foreign: () => ({ path: at(theirs, '/resume') }),
    },
    {
      name: 'stop',
      method: 'POST',
      path: () => at(mine, '/stop'),
      body: () => ({ reason: 'Decided elsewhere' }),
      prepare: (_t, key) => fresh(key),
      foreign: () => ({ path: at(theirs, '/stop') }),
    },
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  describe('POST decide', () => {
    it('answers 401 without a key, 404 for another organization’s discussion, 400 to bad bodies, appending nothing', async () => {
      const before = await events.count();
      const url = `${subject.url}${at(mine, '/decide')}`;
      const proposalId = '00000000-0000-4000-8000-000000000001';
      expect((await call(url, undefined, { method: 'POST', body: { proposalId } })).status).toBe(401);
      const foreign = await call(`${subject.url}${at(theirs, '/decide')}`, own.keys.admin, { method: 'POST', body: { proposalId } });
      expect(foreign.status).toBe(404);
      for (const body of ['{"proposalId": ', { proposalId, sneaky: true }, { proposalId: 42 }, { proposalId: 'not-a-uuid' }, {}]) {
        const response = await call(url, own.keys.admin, { method: 'POST', body });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await events.count()).toBe(before);
    });

    it('refuses a decision while consensus is still possible, with its own problem type', async () => {
      await fresh(own.keys.operator, 'start');
      const proposed = await json<{ proposals: { id: string }[] }>(
        call(`${subject.url}${at(mine, '/proposals')}`, own.keys.operator, { method: 'POST', body: { text: 'Use Postgres' } }),
      );
      const before = await events.count();
      const response = await call(`${subject.url}${at(mine, '/decide')}`, own.keys.operator, {
        method: 'POST',
        body: { proposalId: proposed.proposals[0].id },
      });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        type: `${PROBLEMS}consensus-still-possible`,
        discussionStatus: expect.stringMatching(/^(running|awaiting_user)$/),
      });
      expect(await events.count()).toBe(before);
    });
  });

  it('refuses illegal transitions and posts to a stopped discussion with their own problem types, appending nothing', async () => {
    const key = own.keys.operator;
    await fresh(key);
    const before = await events.count();
    const pause = await act(mine, key, 'pause');
    expect(pause.status).toBe(409);
    expect(await pause.json()).toMatchObject({
      type: `${PROBLEMS}illegal-discussion-transition`,
      discussionStatus: 'created',
      transition: 'pause',
    });
    expect((await act(mine, key, 'resume')).status).toBe(409);
    expect(await events.count()).toBe(before);
    expect((await act(mine, key, 'stop')).status).toBe(200);
    const stopped = await events.count();
    for (const action of ['start', 'pause', 'resume', 'stop']) {
      const response = await act(mine, key, action);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ type: `${PROBLEMS}discussion-over` });
    }
    const late = await call(`${subject.url}${at(mine, '/messages')}`, key, { method: 'POST', body: { text: 'late' } });
    expect(await late.json()).toMatchObject({ type: `${PROBLEMS}discussion-over`, status: 409 });
    expect(await events.count()).toBe(stopped);
  });

  it('lists by state, agent and time, oldest first, a page at a time', async () => {
    const tenant = await createTenant(subject.app, 'Lister');
    const key = tenant.keys.operator;
    const base = `${subject.url}/api/v1/discussions`;
    const before = new Date().toISOString();
    const first = await open(key);
    const second = await json<{ id: string }>(
      call(base, key, {
        method: 'POST',
        body: { goal: 'Two agents', agents: ['project-manager', 'technical-architect'], autoStart: false },
      }),
    );
    const third = await open(key);
    expect((await act(third, key, 'stop')).status).toBe(200);
    type Page = { items: { id: string; state: string; participants: string[] }[]; nextCursor: string | null };
    const ids = async (query: string) => (await json<Page>(call(`${base}?${query}`, key))).items.map((d) => d.id);
    expect(await ids('')).toEqual([first, second.id, third]);
    expect(await ids('state=stopped')).toEqual([third]);
    expect(await ids('agent=quality-assurance')).toEqual([first, third]);
    expect(await ids(`from=${encodeURIComponent(before)}&state=created`)).toEqual([first, second.id]);
    expect(await ids(`to=${encodeURIComponent(before)}`)).toEqual([]);
    const page = await json<Page>(call(`${base}?limit=2`, key));
    expect(page.items.map((d) => d.id)).toEqual([first, second.id]);
    expect(await ids(`limit=2&cursor=${page.nextCursor}`)).toEqual([third]);
    expect((await call(`${base}?state=thinking`, key)).status).toBe(400);
  });

  it('attributes a post to the key’s own member: an agent key speaks only as itself', async () => {
    await fresh(own.keys.admin);
    const posted = await call(`${subject.url}${at(mine, '/messages')}`, own.keys.agent, {
      method: 'POST',
      body: { text: 'From the agent' },
    });
    expect(posted.status).toBe(201);
    const { items } = await json<{ items: { text: string; by: { kind: string; actor: { kind: string; id: string } } }[] }>(
      call(`${subject.url}${at(mine, '/messages')}`, own.keys.admin),
    );
    expect(items.find((m) => m.text === 'From the agent')?.by).toEqual({
      kind: 'user',
      slug: null,
      actor: { kind: 'member', id: own.agentMemberId },
    });
  });
});
