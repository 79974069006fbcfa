import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { learningClient } from './support.js';

/** Every learning endpoint: 401 without a key, 403 for an agent writing by hand, 404 for another organization's ids, 400 for bad bodies. */
describe('learning API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  let mine: { failure: string; estimate: string };
  let theirs: { failure: string; estimate: string };

  const seed = async (key: string) => {
    const api = learningClient(subject.url, key);
    const failure = await api.create('/failures', { feature: 'F', approach: 'A', whyFailed: 'W', lesson: 'L' });
    const estimate = await api.create('/estimates', { feature: 'F', estimatedSessions: 2, complexity: 3 });
    return { failure: failure.id, estimate: estimate.id };
  };

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await eventCounter(subject);
    mine = await seed(own.keys.admin);
    theirs = await seed(other.keys.admin);
  });
  afterAll(async () => {
    await events?.close();
    await subject?.close();
  });

  const read = (name: string, path: string, foreign?: () => string): Endpoint => ({
    name,
    method: 'GET',
    path: () => path,
    ...(foreign ? { foreign: () => ({ path: foreign() }) } : {}),
  });
  const write = (name: string, path: string, body: Record<string, unknown>): Endpoint => ({
    name,
    method: 'POST',
    path: () => path,
    forbidden: 'agent',
    body: () => body,
  });

  const endpoints: Endpoint[] = [
    write('record a failure', '/api/v1/failures', { feature: 'F', approach: 'A', whyFailed: 'W', lesson: 'L' }),
    read('list failures', '/api/v1/failures?pipelineId=p'),
    read('similar failures', '/api/v1/failures/similar?q=websocket'),
    {
      name: 'a failure',
      method: 'GET',
      path: () => `/api/v1/failures/${mine.failure}`,
      foreign: () => ({ path: `/api/v1/failures/${theirs.failure}` }),
    },
    write('record an estimate', '/api/v1/estimates', { feature: 'F', estimatedSessions: 3, complexity: 4 }),
    read('list estimates', '/api/v1/estimates?completed=true'),
    read('correction factor', '/api/v1/estimates/correction-factor?days=30'),
    {
      name: 'an estimate',
      method: 'GET',
      path: () => `/api/v1/estimates/${mine.estimate}`,
      foreign: () => ({ path: `/api/v1/estimates/${theirs.estimate}` }),
    },
    {
      name: 'complete an estimate',
      method: 'POST',
      path: () => `/api/v1/estimates/${mine.estimate}/complete`,
      forbidden: 'agent',
      body: () => ({ actualSessions: 4 }),
      foreign: () => ({ path: `/api/v1/estimates/${theirs.estimate}/complete` }),
    },
    write('record a retrospective', '/api/v1/retrospectives', { feature: 'F', surprises: 'S', wouldChange: 'W', newPatterns: ['p'] }),
    read('list retrospectives', '/api/v1/retrospectives'),
    write('record a spike', '/api/v1/spikes', {
      feature: 'F',
      question: 'Q',
      approach: 'A',
      result: 'R',
      viable: true,
      lessons: 'L',
      timeSpentMinutes: 5,
    }),
    read('list spikes', '/api/v1/spikes?viable=true'),
    write('record a complexity snapshot', '/api/v1/complexity-snapshots', {
      file: 'src/a.ts',
      metrics: { lines: 1, functions: 1, dependencies: 0, complexityScore: 1 },
    }),
    read('list complexity snapshots', '/api/v1/complexity-snapshots?file=src/a.ts'),
    read('list complexity warnings', '/api/v1/complexity-snapshots/warnings'),
    write('record a pattern usage', '/api/v1/pattern-usages', { pattern: 'repository', outcome: 'followed' }),
    read('list pattern usage', '/api/v1/pattern-usages?outcome=failed'),
    write('cache docs', '/api/v1/docs-cache', { library: 'fastapi', version: '1.0', content: '# Docs' }),
    read('list the docs cache', '/api/v1/docs-cache?library=fastapi'),
    read('list stale docs', '/api/v1/docs-cache/stale'),
    write('record a decision', '/api/v1/decisions', { phase: 'plan', decision: 'D', reasoning: 'R' }),
    read('list decisions', '/api/v1/decisions?phase=plan'),
    read('a living document', '/api/v1/living-docs/failures.md'),
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  it('refuses a 10 KB similarity query with 400, and nests no unknown metrics', async () => {
    const api = learningClient(subject.url, own.keys.admin);
    const before = await events.count();
    expect((await api.get(`/failures/similar?q=${'x'.repeat(10_240)}`)).status).toBe(400);
    const sneaky = await api.post('/complexity-snapshots', {
      file: 'a',
      metrics: { lines: 1, functions: 1, dependencies: 0, complexityScore: 1, sneaky: 1 },
    });
    expect(sneaky.status).toBe(400);
    expect(await events.count()).toBe(before);
  });
});
