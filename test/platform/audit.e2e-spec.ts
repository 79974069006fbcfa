import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

interface StoredEvent {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { tenantId: string | null; actor: { kind: string; id: string } | null; correlationId: string };
  recordedAt: string;
}
interface EventPage {
  items: StoredEvent[];
  nextCursor: string | null;
}

/** The audit API over HTTP: an organization's stored events, filtered, paginated, per stream and as of a position. */
describe('audit API (GET /events/log, GET /streams/{streamId})', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let squadStream: string;

  const v1 = (path: string) => `${subject.url}/api/v1${path}`;
  const log = (query = '', key = tenant.keys.admin) => json<EventPage>(call(v1(`/events/log${query}`), key));

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Audited Org');
    other = await createTenant(subject.app, 'Other Org');
    // A change made over HTTP: its events carry the admin key as actor and the request's correlation.
    const created = await call(v1('/squads'), tenant.keys.admin, { method: 'POST', body: { name: 'Audit squad' } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const renamed = await call(v1(`/squads/${id}`), tenant.keys.admin, { method: 'PATCH', body: { description: 'Second event' } });
    expect(renamed.status).toBe(200);
    const squadEvents = (await log('?streamType=squad&limit=100')).items.filter(
      (event) => event.data.squadId === id || event.streamId.endsWith(id),
    );
    squadStream = squadEvents[0].streamId;
  });
  afterAll(async () => {
    await subject.close();
  });

  it("lists only the caller's organization, in position order, without secrets", async () => {
    const page = await log('?limit=100');
    expect(page.items.length).toBeGreaterThan(3);
    expect(page.items.every((event) => event.metadata.tenantId === tenant.organizationId)).toBe(true);
    const positions = page.items.map((event) => event.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(page.items.some((event) => event.streamType === 'api_key')).toBe(true);
    expect(JSON.stringify(page)).not.toContain('keyHash');
  });

  it('filters by stream, stream type, event type, actor, correlation id and time', async () => {
    const all = (await log('?limit=100')).items;

    const byStream = (await log(`?streamId=${encodeURIComponent(squadStream)}`)).items;
    expect(byStream.length).toBeGreaterThanOrEqual(2);
    expect(byStream.every((event) => event.streamId === squadStream)).toBe(true);

    const bySquadType = (await log('?streamType=squad&limit=100')).items;
    expect(bySquadType.length).toBeGreaterThan(0);
    expect(bySquadType.every((event) => event.streamType === 'squad')).toBe(true);
    expect(bySquadType.length).toBeLessThan(all.length);

    const type = byStream[0].type;
    const byType = (await log(`?type=${type}&limit=100`)).items;
    expect(byType.length).toBeGreaterThan(0);
    expect(byType.every((event) => event.type === type)).toBe(true);

    const actor = byStream[byStream.length - 1].metadata.actor!;
    expect(actor.kind).toBe('api_key');
    const byActor = (await log(`?actor=${actor.kind}:${actor.id}&limit=100`)).items;
    expect(byActor.length).toBeGreaterThanOrEqual(2);
    expect(byActor.every((event) => event.metadata.actor?.id === actor.id && event.metadata.actor.kind === actor.kind)).toBe(true);
    expect((await log(`?actor=${actor.id}&limit=100`)).items).toEqual(byActor);
    expect((await log(`?actor=member:${actor.id}`)).items).toEqual([]);

    const correlationId = byStream[byStream.length - 1].metadata.correlationId;
    const byCorrelation = (await log(`?correlationId=${encodeURIComponent(correlationId)}`)).items;
    expect(byCorrelation.length).toBeGreaterThan(0);
    expect(byCorrelation.length).toBeLessThan(all.length);
    expect(byCorrelation.every((event) => event.metadata.correlationId === correlationId)).toBe(true);

    const last = all[all.length - 1];
    expect((await log(`?from=${encodeURIComponent(last.recordedAt)}&limit=100`)).items.map((e) => e.position)).toContain(last.position);
    expect((await log(`?to=${encodeURIComponent(all[0].recordedAt)}`)).items).toEqual([]); // `to` is exclusive
    expect((await log('?from=2999-01-01T00:00:00Z')).items).toEqual([]);
    expect((await log('?to=2000-01-01T00:00:00Z')).items).toEqual([]);
  });

  it('pages with the cursor, without gaps or repeats', async () => {
    const all = (await log('?limit=100')).items.map((event) => event.position);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: EventPage = await log(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((event) => event.position));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('reads one stream, and the stream as it stood at a position (asOf)', async () => {
    const stream = await json<EventPage>(call(v1(`/streams/${squadStream}`), tenant.keys.admin));
    expect(stream.items.length).toBeGreaterThanOrEqual(2);
    expect(stream.items.map((event) => event.version)).toEqual(stream.items.map((_, index) => index + 1));
    expect(stream.items.every((event) => event.streamId === squadStream)).toBe(true);

    const asOf = stream.items[0].position;
    const then = await json<EventPage>(call(v1(`/streams/${squadStream}?asOf=${asOf}`), tenant.keys.admin));
    expect(then.items).toEqual([stream.items[0]]);
    const before = await call(v1(`/streams/${squadStream}?asOf=0`), tenant.keys.admin);
    expect(before.status).toBe(200);
    expect(((await before.json()) as EventPage).items).toEqual([]);
  });

  it('is for admins of the organization only', async () => {
    expect((await call(v1('/events/log'), undefined)).status).toBe(401);
    expect((await call(v1(`/streams/${squadStream}`), undefined)).status).toBe(401);
    expect((await call(v1('/events/log'), tenant.keys.operator)).status).toBe(403);
    expect((await call(v1(`/streams/${squadStream}`), tenant.keys.operator)).status).toBe(403);
    // Another organization's stream does not exist for this one.
    const foreign = await call(v1(`/streams/${squadStream}`), other.keys.admin);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect((await call(v1('/streams/squad-00000000-0000-4000-8000-000000000000'), tenant.keys.admin)).status).toBe(404);
    expect((await log('?limit=100', other.keys.admin)).items.some((event) => event.streamId === squadStream)).toBe(false);
  });

  it.each([
    '/events/log?limit=0',
    '/events/log?actor=not%20an%20actor',
    '/events/log?from=yesterday',
    '/events/log?streamType=Not-A-Type',
    '/events/log?cursor=garbage',
    '/events/log?unknown=1',
    '/streams/squad-x?asOf=-1',
    '/streams/squad-x?asOf=soon',
  ])('answers 400 to a malformed query: %s', async (path) => {
    const response = await call(v1(path), tenant.keys.admin);
    expect(response.status).toBe(400);
  });
});
