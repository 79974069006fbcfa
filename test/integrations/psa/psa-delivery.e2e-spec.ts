import { randomUUID } from 'node:crypto';
import { Database } from '../../../src/platform/database/database.js';
import { type TestApp, startTestApp } from '../../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../../support/tenant.js';
import { sleep, until } from '../../support/until.js';
import { type DeliveryBody, PsaReceiver, SECRET, configure, delivery, deliveries, enqueueHandoff } from './support.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';
const INTEGRATION = '/api/v1/organization/integrations/psa';

/** Deliveries to a real loopback receiver that checks signatures: retries, Retry-After, failures, hand retry. */
describe('PSA webhook deliveries', () => {
  let subject: TestApp;
  let receiver: PsaReceiver;
  let tenant: TestTenant;
  let db: Database;

  const transaction = <T>(work: Parameters<Database['transaction']>[0]) => db.transaction(work) as Promise<T>;
  const settled = (deliveryId: string, status: DeliveryBody['status']) =>
    until(
      () => delivery(subject.url, tenant.keys.admin, deliveryId),
      (found) => found?.status === status,
      `delivery ${deliveryId} ${status}`,
    ) as Promise<DeliveryBody>;

  beforeAll(async () => {
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      RATE_LIMIT_PER_MINUTE: '100000',
      DEADLINE_POLL_MS: '20',
      PSA_ALLOW_PRIVATE_URLS: 'true',
      PSA_BACKOFF_BASE_MS: '100',
      PSA_MAX_ATTEMPTS: '3',
      PSA_TIMEOUT_MS: '2000',
    });
    db = subject.app.get(Database);
    receiver = await PsaReceiver.start();
    tenant = await createTenant(subject.app, 'Ticketing');
    const configured = await configure(subject.url, tenant.keys.admin, receiver.url);
    expect(configured.status).toBe(200);
  });
  afterAll(async () => {
    await receiver.close();
    await subject.close();
  });

  it('500 twice then 200: delivered on the third try, the same signed delivery id each time, one 2xx', async () => {
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 500 }, { status: 500 }, { status: 200 }]);
    const { enqueued } = await enqueueHandoff(transaction, tenant.organizationId, deliveryId);
    expect(enqueued).toBe(true);
    const done = await settled(deliveryId, 'delivered');

    const seen = receiver.of(deliveryId);
    expect(seen.map((request) => request.answered)).toEqual([500, 500, 200]);
    expect(seen.every((request) => request.signatureValid)).toBe(true);
    expect(seen.filter((request) => request.answered < 300)).toHaveLength(1);
    expect(new Set(seen.map((request) => request.rawBody)).size).toBe(1);
    expect(seen[0].body).toEqual({
      id: deliveryId,
      type: 'handoff',
      occurredAt: expect.any(String),
      organizationId: tenant.organizationId,
      session: { id: 'session-1', problem: 'Mail is down', status: 'escalated' },
      note: { title: 'Escalated: mail is down', body: '**MX** checked; SPF next.', visibility: 'internal' },
    });
    expect(seen[0].headers['x-agentsquad-event']).toBe('handoff');
    expect(seen[0].headers['content-type']).toBe('application/json');

    expect(done.attempts.map(({ attempt, statusCode, outcome }) => ({ attempt, statusCode, outcome }))).toEqual([
      { attempt: 1, statusCode: 500, outcome: 'retry' },
      { attempt: 2, statusCode: 500, outcome: 'retry' },
      { attempt: 3, statusCode: 200, outcome: 'delivered' },
    ]);
    expect(done.deliveredAt).not.toBeNull();
    // The backoff doubles: 100 ms after the first, 200 ms after the second.
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(100);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(200);

    await sleep(300); // a doubled firing would land now
    expect(receiver.of(deliveryId)).toHaveLength(3);
    const again = await call(`${subject.url}${INTEGRATION}/deliveries/${deliveryId}/retry`, tenant.keys.admin, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await again.json()).toMatchObject({ type: `${PROBLEMS}psa-delivery-not-failed`, deliveryStatus: 'delivered' });
  });

  it('429 with Retry-After: the next try waits that long', async () => {
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 429, headers: { 'retry-after': '1' } }, { status: 202 }]);
    await enqueueHandoff(transaction, tenant.organizationId, deliveryId);
    const done = await settled(deliveryId, 'delivered');
    const seen = receiver.of(deliveryId);
    expect(seen.map((request) => request.answered)).toEqual([429, 202]);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1000);
    expect(done.attempts.map((attempt) => attempt.statusCode)).toEqual([429, 202]);
  });

  it('a 400 fails at once, without another try', async () => {
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 400 }]);
    await enqueueHandoff(transaction, tenant.organizationId, deliveryId);
    const failed = await settled(deliveryId, 'failed');
    expect(failed.attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 400, outcome: 'failed-rejected', error: null })]);
    await sleep(400);
    expect(receiver.of(deliveryId)).toHaveLength(1);
  });

  it('exhausting the tries fails the delivery; a retry by hand delivers it with the same id', async () => {
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 503 }, { status: 500 }, { status: 502 }, { status: 200 }]);
    await enqueueHandoff(transaction, tenant.organizationId, deliveryId);
    const failed = await settled(deliveryId, 'failed');
    expect(failed.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'failed-exhausted']);
    await sleep(400);
    expect(receiver.of(deliveryId)).toHaveLength(3);

    const retried = await call(`${subject.url}${INTEGRATION}/deliveries/${deliveryId}/retry`, tenant.keys.admin, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(await json<DeliveryBody>(retried)).toMatchObject({ id: deliveryId, status: 'pending' });
    const done = await settled(deliveryId, 'delivered');
    expect(done.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
    expect(receiver.of(deliveryId).map((request) => request.deliveryId)).toEqual([deliveryId, deliveryId, deliveryId, deliveryId]);
    expect(receiver.of(deliveryId).filter((request) => request.answered < 300)).toHaveLength(1);
  });

  it('a receiver slower than PSA_TIMEOUT_MS times the try out, and the next try is made', async () => {
    const deliveryId = `handoff-${randomUUID()}`;
    // Scripted before it is enqueued: the first try is due at once.
    receiver.script(deliveryId, [{ status: 200, delayMs: 2500 }, { status: 200 }]);
    await enqueueHandoff(transaction, tenant.organizationId, deliveryId);
    const done = await settled(deliveryId, 'delivered');
    expect(done.attempts.map(({ statusCode, outcome }) => ({ statusCode, outcome }))).toEqual([
      { statusCode: null, outcome: 'retry' },
      { statusCode: 200, outcome: 'delivered' },
    ]);
    expect(done.attempts[0].error).toMatch(/timed out after 2000 ms/);
    expect(done.attempts[0].durationMs).toBeGreaterThanOrEqual(2000);
  });

  it('a receiver that does not answer is a connection error, retried and then failed', async () => {
    const other = await createTenant(subject.app, 'Unreachable');
    const closed = await PsaReceiver.start();
    const url = closed.url;
    await closed.close();
    expect((await configure(subject.url, other.keys.admin, url)).status).toBe(200);
    const { deliveryId } = await enqueueHandoff(transaction, other.organizationId);
    const failed = (await until(
      () => delivery(subject.url, other.keys.admin, deliveryId),
      (found) => found?.status === 'failed',
      'the unreachable delivery to fail',
    ))!;
    expect(failed.attempts).toHaveLength(3);
    expect(failed.attempts.every((attempt) => attempt.statusCode === null && /ECONNREFUSED/.test(attempt.error ?? ''))).toBe(true);
  });

  it('enqueues once per delivery id, and nothing for an event type or an organization not configured', async () => {
    const first = await enqueueHandoff(transaction, tenant.organizationId, 'handoff-replayed');
    const replay = await enqueueHandoff(transaction, tenant.organizationId, 'handoff-replayed');
    expect([first.enqueued, replay.enqueued]).toEqual([true, false]);
    await settled('handoff-replayed', 'delivered');

    const narrow = await createTenant(subject.app, 'Handoffs only');
    expect((await configure(subject.url, narrow.keys.admin, receiver.url, ['handoff'])).status).toBe(200);
    expect((await enqueueHandoff(transaction, narrow.organizationId, undefined, 'resolution')).enqueued).toBe(false);
    const none = await createTenant(subject.app, 'No PSA');
    expect((await enqueueHandoff(transaction, none.organizationId)).enqueued).toBe(false);
    const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM psa_deliveries WHERE tenant_id = ANY($1)`, [
      [narrow.organizationId, none.organizationId],
    ]);
    expect(Number(rows[0].n)).toBe(0);
    const deadlines = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM deadlines WHERE key LIKE 'integrations:psa:handoff-replayed:%'`,
    );
    expect(Number(deadlines[0].n)).toBe(1);
  });

  it('lists deliveries by status with cursor pages, never with the secret', async () => {
    const failedOnly = await deliveries(subject.url, tenant.keys.admin, '?status=failed');
    expect(failedOnly.items.length).toBeGreaterThan(0);
    expect(failedOnly.items.every((item) => item.status === 'failed')).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof deliveries>> = await deliveries(
        subject.url,
        tenant.keys.admin,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await deliveries(subject.url, tenant.keys.admin, '?limit=100');
    expect(seen).toEqual(all.items.map((item) => item.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(JSON.stringify(all)).not.toContain(SECRET);
  });

  it('the secret is write-only: not in the PUT answer, the GET, or any stored event', async () => {
    const admin = await createTenant(subject.app, 'Secretive');
    const put = await configure(subject.url, admin.keys.admin, receiver.url, ['resolution'], 'whsec_never_shown_0123456789');
    const putText = await put.text();
    expect(put.status).toBe(200);
    expect(putText).not.toContain('whsec_never_shown');
    expect(JSON.parse(putText)).toEqual({
      url: receiver.url,
      events: ['resolution'],
      secretSet: true,
      updatedAt: expect.any(String),
      updatedBy: expect.any(String),
    });
    const get = await call(`${subject.url}${INTEGRATION}`, admin.keys.admin);
    const getText = await get.text();
    expect(get.status).toBe(200);
    expect(getText).not.toContain('whsec_never_shown');
    expect(JSON.parse(getText)).toEqual(JSON.parse(putText));
    const events = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE data::text LIKE '%whsec_%' OR metadata::text LIKE '%whsec_%'`,
    );
    expect(Number(events[0].n)).toBe(0);
  });

  it('DELETE removes the integration: GET is 404 and nothing more is enqueued', async () => {
    const leaving = await createTenant(subject.app, 'Leaving');
    expect((await configure(subject.url, leaving.keys.admin, receiver.url)).status).toBe(200);
    const removed = await call(`${subject.url}${INTEGRATION}`, leaving.keys.admin, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const get = await call(`${subject.url}${INTEGRATION}`, leaving.keys.admin);
    expect(get.status).toBe(404);
    expect(await get.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
    expect((await enqueueHandoff(transaction, leaving.organizationId)).enqueued).toBe(false);
    expect((await call(`${subject.url}${INTEGRATION}`, leaving.keys.admin, { method: 'DELETE' })).status).toBe(404);
  });
});
