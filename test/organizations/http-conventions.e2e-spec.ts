import pg from 'pg';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';

describe('HTTP conventions on the organizations API', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Client;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  const count = async (sql: string, params: unknown[]) => Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

  it('runs the same POST sent 5 times at once with one Idempotency-Key exactly once', async () => {
    const send = () =>
      call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
        method: 'POST',
        body: { name: 'Idempotent squad' },
        headers: { 'idempotency-key': 'create-squad-1' },
      });
    const responses = await Promise.all(Array.from({ length: 5 }, send));
    const bodies = await Promise.all(responses.map((response) => json<{ id: string }>(response)));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(new Set(responses.map((response) => response.headers.get('etag')))).toEqual(new Set(['"1"']));
    expect(await count(`SELECT count(*) AS n FROM squads WHERE name = 'Idempotent squad'`, [])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'SquadCreated' AND data->>'name' = 'Idempotent squad'`, [])).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
  });

  it('refuses the same Idempotency-Key with another body (422) and appends nothing', async () => {
    const first = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
      method: 'POST',
      body: { name: 'A' },
      headers: { 'idempotency-key': 'k-2' },
    });
    expect(first.status).toBe(201);
    const before = await count('SELECT count(*) AS n FROM events', []);
    const second = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
      method: 'POST',
      body: { name: 'B' },
      headers: { 'idempotency-key': 'k-2' },
    });
    expect(second.status).toBe(422);
    expect(await second.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/idempotency-key-reused' });
    expect(await count('SELECT count(*) AS n FROM events', [])).toBe(before);
  });

  it('frees the key of a request that failed validation', async () => {
    const bad = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
      method: 'POST',
      body: { name: '' },
      headers: { 'idempotency-key': 'k-3' },
    });
    expect(bad.status).toBe(400);
    const good = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
      method: 'POST',
      body: { name: 'C' },
      headers: { 'idempotency-key': 'k-3' },
    });
    expect(good.status).toBe(201);
  });

  it('does not store a new API key for replays', async () => {
    const send = () =>
      call(`${subject.url}/api/v1/api-keys`, tenant.keys.admin, {
        method: 'POST',
        body: { name: 'ci', role: 'operator' },
        headers: { 'idempotency-key': 'key-1' },
      });
    const first = await json<{ key: string }>(send());
    const replay = await json<{ key: string }>(send());
    expect(first.key).toMatch(/^ask_/);
    expect(replay).toEqual({ ...first, key: undefined });
    const stored = await db.query(`SELECT response_body::text AS body FROM idempotency_keys WHERE key = 'key-1'`);
    expect(stored.rows[0].body).not.toContain(first.key);
  });

  it('sends the stream version as ETag and answers 412 to a stale If-Match', async () => {
    const squadUrl = `${subject.url}/api/v1/squads/${tenant.squadId}`;
    const read = await call(squadUrl, tenant.keys.admin);
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);
    const updated = await call(squadUrl, tenant.keys.admin, { method: 'PATCH', body: { name: 'Renamed' }, headers: { 'if-match': etag } });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe(`"${Number(etag.slice(1, -1)) + 1}"`);
    const before = await count('SELECT count(*) AS n FROM events', []);
    const stale = await call(squadUrl, tenant.keys.admin, { method: 'PATCH', body: { name: 'Again' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/precondition-failed' });
    expect(await count('SELECT count(*) AS n FROM events', [])).toBe(before);
  });

  it('answers a domain rule broken with 422 and its code', async () => {
    const response = await call(`${subject.url}/api/v1/api-keys`, tenant.keys.admin, {
      method: 'POST',
      body: { name: 'bot', role: 'agent', memberId: tenant.humanMemberId },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      type: 'https://agent-squad.dev/problems/domain-rule',
      code: 'agent_key_needs_agent_member',
    });
  });

  it('pages through a list with an opaque cursor', async () => {
    const other = await createTenant(subject.app, 'Pager');
    for (let index = 0; index < 4; index++) {
      await call(`${subject.url}/api/v1/squads`, other.keys.admin, { method: 'POST', body: { name: `S${index}` } });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await json<{ items: { name: string }[]; nextCursor: string | null }>(
        call(`${subject.url}/api/v1/squads${query}`, other.keys.admin),
      );
      names.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(['Core', 'S0', 'S1', 'S2', 'S3']);
    expect(pages).toBe(3);
    expect((await call(`${subject.url}/api/v1/squads?cursor=nonsense`, other.keys.admin)).status).toBe(400);
    expect((await call(`${subject.url}/api/v1/squads?limit=1000`, other.keys.admin)).status).toBe(400);
  });
});

describe('rate limits', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', RATE_LIMIT_PER_MINUTE: '3' });
    tenant = await createTenant(subject.app);
  });
  afterAll(() => subject.close());

  it('answers 429 problem+json with Retry-After once a key is over its limit, per key', async () => {
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await call(`${subject.url}/api/v1/squads`, tenant.keys.operator)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(`${subject.url}/api/v1/squads`, tenant.keys.operator);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/rate-limited', status: 429 });
    expect((await call(`${subject.url}/api/v1/squads`, tenant.keys.agent)).status).toBe(200);
  });
});
