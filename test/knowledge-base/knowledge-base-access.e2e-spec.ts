import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { knowledgeBaseClient } from './support.js';

/** Every knowledge-base endpoint: 401 without a key, 403 for an agent writing, 404 for another organization's ids, 400 for bad bodies. */
describe('knowledge-base API access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    events = await eventCounter(subject);
    const article = { title: 'Mapped drive missing', content: 'Reconnect the drive with `net use` after the VPN is up.' };
    mine = (await knowledgeBaseClient(subject.url, own.keys.admin).publish(article)).id;
    theirs = (await knowledgeBaseClient(subject.url, other.keys.admin).publish(article)).id;
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  const endpoints: Endpoint[] = [
    { name: 'search', method: 'GET', path: () => '/api/v1/knowledge-base/articles?q=mapped%20drive' },
    {
      name: 'publish',
      method: 'POST',
      path: () => '/api/v1/knowledge-base/articles',
      forbidden: 'agent',
      body: () => ({ title: 'Printer offline', content: 'Restart the spooler.', tags: ['printing'] }),
    },
    {
      name: 'get',
      method: 'GET',
      path: () => `/api/v1/knowledge-base/articles/${mine}`,
      foreign: () => ({ path: `/api/v1/knowledge-base/articles/${theirs}` }),
    },
    {
      name: 'archive',
      method: 'POST',
      path: () => `/api/v1/knowledge-base/articles/${mine}/archive`,
      forbidden: 'agent',
      body: () => ({ reason: 'Outdated' }),
      foreign: () => ({ path: `/api/v1/knowledge-base/articles/${theirs}/archive` }),
    },
  ];

  describeEndpointAccess(endpoints, { app: () => subject, own: () => own, other: () => other, eventCount: () => events.count() });

  it('refuses an unknown query parameter', async () => {
    const response = await fetch(`${subject.url}/api/v1/knowledge-base/articles?q=drive&sneaky=1`, {
      headers: { authorization: `Bearer ${own.keys.agent}` },
    });
    expect(response.status).toBe(400);
  });
});
