import { type TestApp, startTestApp } from '../support/test-app.js';

describe('health', () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await startTestApp();
  });
  afterAll(() => subject.close());

  it('answers live and ready once migrations are applied', async () => {
    const live = await fetch(`${subject.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${subject.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, migrations: { status: 'up' } } });
  });

  it('echoes the request id it was given and makes one otherwise', async () => {
    const given = await fetch(`${subject.url}/health/live`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await fetch(`${subject.url}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await fetch(`${subject.url}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/not-found', status: 404 });
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${subject.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('agent_squad_events_appended_total');
  });
});
