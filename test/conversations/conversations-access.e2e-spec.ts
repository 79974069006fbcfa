import pg from 'pg';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call } from '../support/tenant.js';
import { type ConversationSquad, ask, conversationSquad } from './support/conversation-squad.js';
import { sleep } from '../support/until.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: (s: ConversationSquad, conversationId: string) => string;
  body?: Record<string, unknown>;
  /** A key that must get 403 and append nothing. */
  forbidden?: (s: ConversationSquad) => { key: string; body?: Record<string, unknown> };
}

/** Every conversations endpoint: 401 without a key, 403 for a role (or member) it refuses, 404 for another organization's ids, 400 for bad bodies — nothing appended. */
describe('conversations API access and validation', () => {
  let subject: TestApp;
  let own: ConversationSquad;
  let other: ConversationSquad;
  let ownConversation: string;
  let otherConversation: string;
  let db: pg.Client;
  // Events a request could have appended. The saga's own (acknowledgements, timeouts, an agent's
  // answer) run meanwhile; they are caused by a deadline or made by the system.
  const eventCount = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM events
            WHERE metadata->'actor'->>'kind' IS DISTINCT FROM 'system' AND metadata->>'causationId' IS NULL`,
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', INTERACTION_SECOND_MS: '1000' });
    own = await conversationSquad(subject.app, subject.url, { agentAtLevel0: 'tech-lead' });
    other = await conversationSquad(subject.app, subject.url);
    ownConversation = (await ask(subject.url, own)).id;
    otherConversation = (await ask(subject.url, other)).id;
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    // The agent at level 0 answers by itself (offline model); wait for it so counts stay still.
    for (let tries = 0; tries < 200; tries++) {
      const [row] = (await db.query<{ state: string }>('SELECT state FROM conversations WHERE id = $1', [ownConversation])).rows;
      if (row.state === 'answered') break;
      await sleep(25);
    }
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  const endpoints: Endpoint[] = [
    {
      name: 'ask',
      method: 'POST',
      path: (s) => `/api/v1/squads/${s.squadId}/conversations`,
      body: { text: 'Who owns invoice numbering?' },
      forbidden: (s) => ({ key: s.levels[0].key, body: { text: 'as someone else', askerMemberId: s.asker.id } }),
    },
    { name: 'list', method: 'GET', path: () => `/api/v1/conversations` },
    { name: 'get', method: 'GET', path: (_s, id) => `/api/v1/conversations/${id}` },
    { name: 'timeline', method: 'GET', path: (_s, id) => `/api/v1/conversations/${id}/timeline` },
    {
      name: 'answer',
      method: 'POST',
      path: (_s, id) => `/api/v1/conversations/${id}/answer`,
      body: { text: 'Billing.' },
      forbidden: (s) => ({ key: s.adminKey }),
    },
    {
      name: 'cant-help',
      method: 'POST',
      path: (_s, id) => `/api/v1/conversations/${id}/cant-help`,
      body: { reason: 'Not mine' },
      forbidden: (s) => ({ key: s.adminKey }),
    },
    { name: 'inbox', method: 'GET', path: (s) => `/api/v1/members/${s.levels[0].id}/inbox` },
    {
      name: 'statistics',
      method: 'GET',
      path: (s) => `/api/v1/squads/${s.squadId}/conversations/statistics`,
      forbidden: (s) => ({ key: s.levels[0].key }),
    },
  ];

  describe.each(endpoints)('$method $name', (endpoint) => {
    const url = (s: ConversationSquad, id: string) => subject.url + endpoint.path(s, id);

    it('answers 401 problem+json without a key and with an unknown one', async () => {
      for (const key of [undefined, 'ask_unknown']) {
        const response = await call(url(own, ownConversation), key, { method: endpoint.method, body: endpoint.body });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}unauthorized` });
      }
    });

    if (endpoint.forbidden) {
      it('answers 403 to a key that may not call it, appending nothing', async () => {
        const before = await eventCount();
        const forbidden = endpoint.forbidden!(own);
        const response = await call(url(own, ownConversation), forbidden.key, {
          method: endpoint.method,
          body: forbidden.body ?? endpoint.body,
        });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}forbidden` });
        expect(await eventCount()).toBe(before);
      });
    }

    if (endpoint.name !== 'list') {
      it('answers 404 for ids of another organization, appending nothing', async () => {
        const before = await eventCount();
        const key = endpoint.name === 'statistics' ? own.adminKey : own.asker.key;
        const response = await call(url(other, otherConversation), key, { method: endpoint.method, body: endpoint.body });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
        expect(await eventCount()).toBe(before);
      });
    }

    if (endpoint.body) {
      it('answers 400 to a malformed body, an unknown field and a wrong type, appending nothing', async () => {
        const before = await eventCount();
        for (const body of ['{"text":', { ...endpoint.body, extra: true }, { ...endpoint.body, text: 42, reason: 42 }]) {
          const response = await call(url(own, ownConversation), own.levels[1].key, { method: endpoint.method, body });
          expect(response.status).toBe(400);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
        }
        expect(await eventCount()).toBe(before);
      });
    }
  });

  it('answers 400 for a path id that is not a UUID and for an unknown state filter', async () => {
    expect((await call(`${subject.url}/api/v1/conversations/nope`, own.adminKey)).status).toBe(400);
    expect((await call(`${subject.url}/api/v1/conversations?state=lost`, own.adminKey)).status).toBe(400);
  });

  it('an admin key must name the asking member; an asker outside the squad is refused', async () => {
    const unnamed = await call(`${subject.url}/api/v1/squads/${own.squadId}/conversations`, own.adminKey, {
      method: 'POST',
      body: { text: 'Hi' },
    });
    expect(unnamed.status).toBe(400);
    const foreignAsker = await call(`${subject.url}/api/v1/squads/${own.squadId}/conversations`, own.adminKey, {
      method: 'POST',
      body: { text: 'Hi', askerMemberId: other.asker.id },
    });
    expect(foreignAsker.status).toBe(404);
    const named = await call(`${subject.url}/api/v1/squads/${own.squadId}/conversations`, own.adminKey, {
      method: 'POST',
      body: { text: 'Hi', askerMemberId: own.asker.id },
    });
    expect(named.status).toBe(201);
    expect(named.headers.get('location')).toMatch(/^\/api\/v1\/conversations\//);
  });

  it('never lists another organization’s conversations', async () => {
    const list = (await (await call(`${subject.url}/api/v1/conversations?limit=100`, own.adminKey)).json()) as { items: { id: string }[] };
    expect(list.items.map((item) => item.id)).toContain(ownConversation);
    expect(list.items.map((item) => item.id)).not.toContain(otherConversation);
  });
});
