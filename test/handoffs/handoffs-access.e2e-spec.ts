import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { handoffsClient } from './support.js';

/** Every handoffs endpoint: 401 without a key, 403 for an agent claiming, 404 for another organization's ids, 400 for bad bodies. */
describe('handoffs API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  let mine: { session: string; item: string };
  let theirs: { session: string; item: string };

  /** An escalation, once its assessment (appended after the handoff) is in: the tests count the events appended. */
  const handedOff = async (key: string) => {
    const api = handoffsClient(subject.url, key);
    const { session, handoff } = await api.handedOff();
    await until(
      async () => (await api.ofSession(session.id))[0]?.assessmentStatus,
      (status) => status === 'assessed',
      'the escalation’s assessment',
    );
    return { session: session.id, item: handoff.id };
  };

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await eventCounter(subject);
    mine = await handedOff(own.keys.admin);
    theirs = await handedOff(other.keys.admin);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  const endpoints: Endpoint[] = [
    {
      name: 'hand off',
      method: 'POST',
      path: () => `/api/v1/sessions/${mine.session}/handoffs`,
      body: () => ({ kind: 'park', notes: 'Back tomorrow' }),
      prepare: async (_t, key) => {
        const session = await handoffsClient(subject.url, key).sessions.start();
        mine = { ...mine, session: session.id };
      },
      foreign: () => ({ path: `/api/v1/sessions/${theirs.session}/handoffs` }),
    },
    {
      name: 'list a session’s handoffs',
      method: 'GET',
      path: () => `/api/v1/sessions/${mine.session}/handoffs`,
      foreign: () => ({ path: `/api/v1/sessions/${theirs.session}/handoffs` }),
    },
    { name: 'queue', method: 'GET', path: () => '/api/v1/queue' },
    { name: 'queue statistics', method: 'GET', path: () => '/api/v1/queue/statistics', forbidden: 'agent' },
    {
      name: 'claim',
      method: 'POST',
      path: () => `/api/v1/queue/${mine.item}/claim`,
      forbidden: 'agent',
      foreign: () => ({ path: `/api/v1/queue/${theirs.item}/claim` }),
    },
    {
      name: 'release',
      method: 'POST',
      path: () => `/api/v1/queue/${mine.item}/release`,
      forbidden: 'agent',
      foreign: () => ({ path: `/api/v1/queue/${theirs.item}/release` }),
    },
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });
});
