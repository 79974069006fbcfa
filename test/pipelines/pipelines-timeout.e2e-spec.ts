import { loopbackModelEnv, withLlmEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { phaseScripts, pipelinesClient } from './support.js';

/** A phase over its time budget fails with `timeout`; retried, it runs again and the late answer of the first attempt changes nothing. */
describe('a pipeline phase over its time budget', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  const scripts = phaseScripts();

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.scriptFor = (request) => scripts.scriptFor(request);
    subject = await withLlmEnv(loopbackModelEnv(server.baseUrl, 'slow'), () =>
      startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20', PIPELINE_PHASE_TIMEOUT_SECONDS: '1' }),
    );
    tenant = await createTenant(subject.app, 'Slow');
  });
  afterAll(async () => {
    await subject?.close();
    await server?.close();
  });

  it('fails with timeout, then completes when retried', async () => {
    const api = pipelinesClient(subject.url, tenant.keys.operator);
    scripts.script('why', { delayMs: 3_000 });
    const created = await api.start({ featureRequest: 'Slow feature', phases: [{ phase: 'why' }, { phase: 'plan' }] });
    const failed = await api.until(created.id, (p) => p.status === 'failed', 'the timeout');
    expect(failed.phases[0]).toMatchObject({ status: 'failed', attempts: 1, failure: { reason: 'timeout', attempt: 1 } });
    expect(failed.phases[1].status).toBe('pending');
    expect((await api.act(created.id, 'phases/why/retry')).status).toBe(200);
    const done = await api.until(created.id, (p) => p.status === 'completed', 'the retried run');
    expect(done.phases[0].attempts).toBe(2);
    expect(done.agentLogs!.map((log) => [log.phase, log.attempt, log.success, log.error])).toEqual([
      ['why', 1, false, 'timeout'],
      ['why', 2, true, null],
      ['plan', 1, true, null],
    ]);
  });
});
