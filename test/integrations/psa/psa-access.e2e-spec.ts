import { randomUUID } from 'node:crypto';
import { Database } from '../../../src/platform/database/database.js';
import { type Endpoint, describeEndpointAccess, eventCounter } from '../../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../../support/test-app.js';
import { type TestTenant, call, createTenant } from '../../support/tenant.js';
import { until } from '../../support/until.js';
import { PsaReceiver, configure, delivery, enqueueHandoff } from './support.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';
const INTEGRATION = '/api/v1/organization/integrations/psa';

describe('PSA integration: access and bad input', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let receiver: PsaReceiver;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  let ownDelivery: string;
  let otherDelivery: string;
  const valid = () => ({ url: receiver.url, secret: 'whsec_access_0123456789', events: ['handoff'] });

  const endpoints: Endpoint[] = [
    { name: 'get PSA integration', method: 'GET', path: () => INTEGRATION, forbidden: 'operator' },
    { name: 'configure PSA integration', method: 'PUT', path: () => INTEGRATION, forbidden: 'operator', body: () => valid() },
    { name: 'list PSA deliveries', method: 'GET', path: () => `${INTEGRATION}/deliveries`, forbidden: 'operator' },
    {
      name: 'retry PSA delivery',
      method: 'POST',
      path: () => `${INTEGRATION}/deliveries/${ownDelivery}/retry`,
      forbidden: 'operator',
      foreign: () => ({ path: `${INTEGRATION}/deliveries/${otherDelivery}/retry` }),
    },
    { name: 'delete PSA integration', method: 'DELETE', path: () => INTEGRATION, forbidden: 'operator' },
  ];

  beforeAll(async () => {
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      RATE_LIMIT_PER_MINUTE: '100000',
      DEADLINE_POLL_MS: '20',
      PSA_ALLOW_PRIVATE_URLS: 'true',
      PSA_BACKOFF_BASE_MS: '50',
      PSA_MAX_ATTEMPTS: '1',
    });
    receiver = await PsaReceiver.start();
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    const db = subject.app.get(Database);
    const transaction = <T>(work: Parameters<Database['transaction']>[0]) => db.transaction(work) as Promise<T>;
    for (const tenant of [own, other]) expect((await configure(subject.url, tenant.keys.admin, receiver.url)).status).toBe(200);
    // Scripted before they are enqueued: the first try is due at once.
    ownDelivery = `handoff-${randomUUID()}`;
    otherDelivery = `handoff-${randomUUID()}`;
    receiver.script(ownDelivery, [{ status: 400 }]);
    receiver.script(otherDelivery, [{ status: 400 }]);
    await enqueueHandoff(transaction, own.organizationId, ownDelivery);
    await enqueueHandoff(transaction, other.organizationId, otherDelivery);
    for (const [tenant, id] of [
      [own, ownDelivery],
      [other, otherDelivery],
    ] as const)
      await until(
        () => delivery(subject.url, tenant.keys.admin, id),
        (found) => found?.status === 'failed',
        'a failed delivery',
      );
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    // Whatever the setup got to: a failed one must not leave the app running.
    await events?.close();
    await receiver?.close();
    await subject?.close();
  });

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  it('an agent key gets 403 on every PSA route', async () => {
    for (const endpoint of endpoints) {
      const response = await call(subject.url + endpoint.path(own), own.keys.agent, {
        method: endpoint.method,
        body: endpoint.body?.(own),
      });
      expect({ route: endpoint.name, status: response.status }).toEqual({ route: endpoint.name, status: 403 });
    }
  });

  it('an unknown delivery id is 404, a malformed one 400', async () => {
    const unknown = await call(`${subject.url}${INTEGRATION}/deliveries/handoff-none/retry`, own.keys.admin, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
    const malformed = await call(`${subject.url}${INTEGRATION}/deliveries/${encodeURIComponent('a b/../c')}/retry`, own.keys.admin, {
      method: 'POST',
    });
    expect(malformed.status).toBe(400);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no events', { events: [] }, 'events'],
    ['a repeated event', { events: ['handoff', 'handoff'] }, 'events'],
    ['an unknown event', { events: ['invoice'] }, 'events'],
    ['a short secret', { secret: 'short' }, 'secret'],
    ['a missing url', { url: undefined }, 'url'],
    ['a null secret', { secret: null }, 'secret'],
  ])('answers 400 naming the field to %s, storing nothing', async (_name, change, field) => {
    const before = await call(`${subject.url}${INTEGRATION}`, own.keys.admin).then((response) => response.text());
    const response = await call(`${subject.url}${INTEGRATION}`, own.keys.admin, {
      method: 'PUT',
      body: { ...valid(), ...change, url: 'url' in change ? change.url : 'https://psa.example.com/changed' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const text = await response.text();
    expect(text).not.toContain('whsec_access');
    const body = JSON.parse(text) as { type: string; errors: { field: string }[] };
    expect(body.type).toBe(`${PROBLEMS}validation`);
    expect(body.errors.map((error) => error.field)).toContain(field);
    expect(await call(`${subject.url}${INTEGRATION}`, own.keys.admin).then((after) => after.text())).toBe(before);
  });

  it('the list refuses an unknown status filter', async () => {
    const response = await call(`${subject.url}${INTEGRATION}/deliveries?status=lost`, own.keys.admin);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: `${PROBLEMS}validation` });
  });
});

/** Without PSA_ALLOW_PRIVATE_URLS, URLs that reach the server's own network are refused. */
describe('PSA integration: server-side request forgery', () => {
  let subject: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      RATE_LIMIT_PER_MINUTE: '100000',
      DEADLINE_POLL_MS: '20',
      PSA_MAX_ATTEMPTS: '1',
    });
    tenant = await createTenant(subject.app, 'Careful');
  });
  afterAll(() => subject.close());

  it('checks the address again at each try: a name that now resolves to loopback (DNS rebinding) fails the try unsent', async () => {
    const receiver = await PsaReceiver.start();
    try {
      const rebound = await createTenant(subject.app, 'Rebound');
      const db = subject.app.get(Database);
      // As if the name resolved to a public address when it was configured and to loopback now.
      await db.query(
        `INSERT INTO psa_integrations (tenant_id, url, secret, events, configured_at, updated_at, updated_by)
         VALUES ($1, $2, 'whsec_rebound_0123456789', '{handoff}', now() - interval '1 minute', now(), 'test')`,
        [rebound.organizationId, receiver.url.replace('127.0.0.1', 'localhost')],
      );
      const transaction = <T>(work: Parameters<Database['transaction']>[0]) => db.transaction(work) as Promise<T>;
      const { deliveryId } = await enqueueHandoff(transaction, rebound.organizationId);
      const failed = (await until(
        () => delivery(subject.url, rebound.keys.admin, deliveryId),
        (found) => found?.status === 'failed',
        'the rebound delivery to fail',
      ))!;
      expect(failed.attempts).toEqual([expect.objectContaining({ statusCode: null, error: expect.stringMatching(/refused address/) })]);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://10.0.0.1/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0/hook',
    'ftp://psa.example.com/hook',
    'file:///etc/passwd',
  ])('refuses %s with 422 psa-url-refused, storing nothing', async (url) => {
    const response = await configure(subject.url, tenant.keys.admin, url);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: `${PROBLEMS}psa-url-refused`, status: 422, reason: expect.any(String) });
    expect((await call(`${subject.url}${INTEGRATION}`, tenant.keys.admin)).status).toBe(404);
  });

  it('a hostname that resolves to loopback is refused by what it resolves to', async () => {
    // The guard knows no names: only the address the name resolves to tells.
    const response = await configure(subject.url, tenant.keys.admin, 'http://localhost:4000/hook');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      type: `${PROBLEMS}psa-url-refused`,
      reason: expect.stringMatching(/resolves to (127\.0\.0\.1|::1)/),
    });
  });
});
