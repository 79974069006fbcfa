import { randomUUID } from 'node:crypto';
import { Database } from '../../../src/platform/database/database.js';
import { type Endpoint, describeEndpointAccess, eventCounter } from '../../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../../support/test-app.js';
import { type TestTenant, call, createTenant } from '../../support/tenant.js';
import { until } from '../../support/until.js';
import { enqueueTestEmail, message } from './support.js';

const OUTBOX = '/api/v1/outbox/email';

describe('e-mail outbox: access and bad input', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  const ownId = `push-${randomUUID()}`;
  const otherId = `push-${randomUUID()}`;

  const endpoints: Endpoint[] = [
    { name: 'list e-mail outbox', method: 'GET', path: () => OUTBOX, forbidden: 'agent' },
    {
      name: 'get e-mail message',
      method: 'GET',
      path: () => `${OUTBOX}/${ownId}`,
      forbidden: 'agent',
      foreign: () => ({ path: `${OUTBOX}/${otherId}` }),
    },
    {
      name: 'retry e-mail message',
      method: 'POST',
      path: () => `${OUTBOX}/${ownId}/retry`,
      forbidden: 'operator',
      foreign: () => ({ path: `${OUTBOX}/${otherId}/retry` }),
    },
  ];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', RATE_LIMIT_PER_MINUTE: '100000', DEADLINE_POLL_MS: '20' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    const db = subject.app.get(Database);
    for (const [tenant, id] of [
      [own, ownId],
      [other, otherId],
    ] as const) {
      await enqueueTestEmail((work) => db.transaction(work), tenant.organizationId, id);
      await until(
        () => message(subject.url, tenant.keys.admin, id),
        (found) => found?.status === 'stored',
        'a stored message',
      );
    }
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    await events?.close();
    await subject?.close();
  });

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  it('an agent key gets 403 on every outbox route', async () => {
    for (const endpoint of endpoints) {
      const response = await call(subject.url + endpoint.path(own), own.keys.agent, { method: endpoint.method });
      expect({ route: endpoint.name, status: response.status }).toEqual({ route: endpoint.name, status: 403 });
    }
  });

  it('an unknown id is 404, a malformed one 400', async () => {
    expect((await call(`${subject.url}${OUTBOX}/push-none`, own.keys.admin)).status).toBe(404);
    expect((await call(`${subject.url}${OUTBOX}/push-none/retry`, own.keys.admin, { method: 'POST' })).status).toBe(404);
    expect((await call(`${subject.url}${OUTBOX}/${encodeURIComponent('a b=c')}`, own.keys.admin)).status).toBe(400);
  });

  it.each(['?status=lost', '?sneaky=1', '?limit=0'])('the list refuses %s with 400 validation', async (query) => {
    const response = await call(`${subject.url}${OUTBOX}${query}`, own.keys.admin);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/validation' });
  });
});
