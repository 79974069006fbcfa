import { type Endpoint, describeEndpointAccess } from '../support/endpoint-access.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { requestEventCounter } from '../branching/support.js';
import { type OutputBody, type ResolutionBody, outputOfType, resolutionsClient } from './support.js';

interface Resolved {
  session: string;
  notes: string;
}

/** Every resolutions endpoint: 401 without a key, 403 for an agent approving or pushing, 404 for another organization's ids, 400 for bad bodies. */
describe('resolutions API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof requestEventCounter>>;
  let mine: Resolved;
  let theirs: Resolved;

  const status = async (key: string, outputId: string) =>
    ((await (await resolutionsClient(subject.url, key).output(outputId)).json()) as OutputBody).status;
  /** A session resolved, its drafts written. */
  const resolvedSession = async (key: string): Promise<Resolved> => {
    const api = resolutionsClient(subject.url, key);
    const session = await api.sessions.start('Mail bounces for one domain');
    const resolution = (await (await api.resolve(session.id, { resolution: 'Fixed the SPF record' })).json()) as ResolutionBody;
    await api.drafted(session.id);
    return { session: session.id, notes: outputOfType(resolution.outputs, 'psa_notes').id };
  };
  const drafted = (key: string, outputId: string) =>
    until(
      () => status(key, outputId),
      (now) => now !== 'generating',
      'the draft',
    );

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await requestEventCounter(subject);
    mine = await resolvedSession(own.keys.admin);
    theirs = await resolvedSession(other.keys.admin);
  });
  afterAll(async () => {
    await events?.close();
    await subject?.close();
  });

  const endpoints: Endpoint[] = [
    {
      name: 'resolve',
      method: 'POST',
      path: () => `/api/v1/sessions/${mine.session}/resolve`,
      body: () => ({ resolution: 'Fixed it' }),
      prepare: async (_t, key) => {
        const session = await resolutionsClient(subject.url, key).sessions.start('Another one');
        mine = { ...mine, session: session.id };
      },
      foreign: () => ({ path: `/api/v1/sessions/${theirs.session}/resolve` }),
    },
    {
      name: 'reopen',
      method: 'POST',
      path: () => `/api/v1/sessions/${mine.session}/reopen`,
      body: () => ({ reason: 'Again' }),
      prepare: async (_t, key) => {
        mine = { ...mine, session: (await resolvedSession(key)).session };
      },
      foreign: () => ({ path: `/api/v1/sessions/${theirs.session}/reopen` }),
    },
    {
      name: 'list a session’s outputs',
      method: 'GET',
      path: () => `/api/v1/sessions/${mine.session}/outputs`,
      foreign: () => ({ path: `/api/v1/sessions/${theirs.session}/outputs` }),
    },
    {
      name: 'get an output',
      method: 'GET',
      path: () => `/api/v1/outputs/${mine.notes}`,
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}` }),
    },
    {
      name: 'edit an output',
      method: 'PATCH',
      path: () => `/api/v1/outputs/${mine.notes}`,
      body: () => ({ content: 'By hand' }),
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}` }),
    },
    {
      name: 'regenerate an output',
      method: 'POST',
      path: () => `/api/v1/outputs/${mine.notes}/regenerate`,
      body: () => ({ instructions: 'Shorter' }),
      prepare: async (_t, key) => void (await drafted(key, mine.notes)),
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}/regenerate` }),
    },
    {
      name: 'approve an output',
      method: 'POST',
      path: () => `/api/v1/outputs/${mine.notes}/approve`,
      forbidden: 'agent',
      prepare: async (_t, key) => void (await drafted(key, mine.notes)),
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}/approve` }),
    },
    {
      name: 'reject an output',
      method: 'POST',
      path: () => `/api/v1/outputs/${mine.notes}/reject`,
      body: () => ({ reason: 'Wrong domain' }),
      forbidden: 'agent',
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}/reject` }),
    },
    {
      name: 'push an output',
      method: 'POST',
      path: () => `/api/v1/outputs/${mine.notes}/push`,
      body: () => ({ target: 'clipboard' }),
      forbidden: 'agent',
      foreign: () => ({ path: `/api/v1/outputs/${theirs.notes}/push` }),
    },
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });
});
