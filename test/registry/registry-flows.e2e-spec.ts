import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { agentBody } from './agent-body.js';
import { eventually } from './registry-test-context.js';
import { withLlmEnv } from '../support/llm-env.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';

interface AgentVersion {
  slug: string;
  version: string;
  status: string;
  deprecationReason: string | null;
  triggers: unknown[];
}
interface Execution {
  executionId: string;
  eventId: string;
  priority: string;
  status: string;
  output: string | null;
  durationMs: number | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function sendYaml(app: TestApp, key: string, yaml: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/v1/agents/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml', ...headers },
    body: yaml,
  });
}

describe('registry over HTTP', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Client;
  const url = (path: string) => `${subject.url}${path}`;
  const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    call(url(path), tenant.keys.admin, { method: 'POST', body, headers });
  const get = <T>(path: string, key = tenant.keys.admin) => json<T>(call(url(path), key));
  const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  it('registers, publishes, serves the latest published version, lists versions and deprecates', async () => {
    const registered = await post('/api/v1/agents', agentBody('release-watcher'));
    expect(registered.status).toBe(201);
    expect(registered.headers.get('etag')).toBe('"1"');
    expect(await registered.json()).toEqual({ slug: 'release-watcher', version: '1.0.0', status: 'draft' });

    const published = await post('/api/v1/agents/release-watcher/versions/1.0.0/publish', undefined, { 'if-match': '"1"' });
    expect(published.status).toBe(200);
    expect(await published.json()).toEqual({ slug: 'release-watcher', version: '1.0.0', status: 'published' });
    expect((await post('/api/v1/agents', agentBody('release-watcher', '1.1.0'))).status).toBe(201);

    // A higher draft does not replace the published version.
    expect(await get<AgentVersion>('/api/v1/agents/release-watcher', tenant.keys.agent)).toMatchObject({
      version: '1.0.0',
      status: 'published',
    });
    expect(await get<AgentVersion>('/api/v1/agents/release-watcher?version=1.1.0')).toMatchObject({ version: '1.1.0', status: 'draft' });
    expect((await post('/api/v1/agents/release-watcher/versions/1.1.0/publish')).status).toBe(200);
    expect(await get<AgentVersion>('/api/v1/agents/release-watcher')).toMatchObject({ version: '1.1.0', status: 'published' });

    const deprecated = await post('/api/v1/agents/release-watcher/versions/1.0.0/deprecate', { reason: 'superseded by 1.1.0' });
    expect(deprecated.status).toBe(200);
    const versions = await get<AgentVersion[]>('/api/v1/agents/release-watcher/versions');
    expect(versions.map(({ version, status, deprecationReason }) => ({ version, status, deprecationReason }))).toEqual([
      { version: '1.1.0', status: 'published', deprecationReason: null },
      { version: '1.0.0', status: 'deprecated', deprecationReason: 'superseded by 1.1.0' },
    ]);

    // Other tests register agents of the same role; this one's search shows its current published version only.
    const search = await get<Page<AgentVersion>>('/api/v1/agents?role=release_manager&status=published');
    const watchers = search.items.filter((item) => item.slug === 'release-watcher');
    expect(watchers.map((item) => `${item.slug}@${item.version}`)).toEqual(['release-watcher@1.1.0']);
  });

  it('refuses what breaks the version rules with problem+json, appending nothing', async () => {
    await post('/api/v1/agents', agentBody('rules'));
    await post('/api/v1/agents/rules/versions/1.0.0/publish');
    await post('/api/v1/agents/rules/versions/1.0.0/deprecate', {});
    const before = await eventCount();

    const duplicate = await post('/api/v1/agents', agentBody('rules'));
    expect(duplicate.status).toBe(422);
    expect(await duplicate.json()).toMatchObject({ type: `${PROBLEMS}domain-rule`, code: 'agent_version_exists' });
    const badSemver = await post('/api/v1/agents', agentBody('rules', '1.0'));
    expect(badSemver.status).toBe(400);
    expect(await badSemver.json()).toMatchObject({ type: `${PROBLEMS}validation`, field: 'version' });
    const republish = await post('/api/v1/agents/rules/versions/1.0.0/publish');
    expect(republish.status).toBe(422);
    expect(await republish.json()).toMatchObject({ code: 'agent_version_deprecated' });
    const deleteDeprecated = await call(url('/api/v1/agents/rules/versions/1.0.0'), tenant.keys.admin, { method: 'DELETE' });
    expect(deleteDeprecated.status).toBe(422);
    expect(await eventCount()).toBe(before);
  });

  it('deletes a draft, guarded by If-Match', async () => {
    const registered = await post('/api/v1/agents', agentBody('scratch'));
    const etag = registered.headers.get('etag')!;
    const stale = await call(url('/api/v1/agents/scratch/versions/1.0.0'), tenant.keys.admin, {
      method: 'DELETE',
      headers: { 'if-match': `"${Number(etag.slice(1, -1)) + 5}"` },
    });
    expect(stale.status).toBe(412);
    const deleted = await call(url('/api/v1/agents/scratch/versions/1.0.0'), tenant.keys.admin, {
      method: 'DELETE',
      headers: { 'if-match': etag },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ slug: 'scratch', version: '1.0.0', status: 'deleted' });
    expect((await call(url('/api/v1/agents/scratch'), tenant.keys.admin)).status).toBe(404);
  });

  it('imports a YAML document and exports the same document', async () => {
    const yaml = await readFile('seeds/agents/qa-manager.yaml', 'utf8');
    const imported = await sendYaml(subject, tenant.keys.admin, yaml, { 'content-type': 'text/yaml' });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toEqual({ slug: 'qa-manager', version: '1.0.0', status: 'draft' });
    const exported = await call(url('/api/v1/agents/qa-manager/export?version=1.0.0'), tenant.keys.operator);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/yaml');
    expect(await exported.text()).toBe(yaml);
  });

  it('says which field of a YAML document is wrong, and appends nothing', async () => {
    const yaml = await readFile('seeds/agents/explorer.yaml', 'utf8');
    const before = await eventCount();
    const notYaml = await sendYaml(subject, tenant.keys.admin, 'slug: [unclosed\nversion: 1.0.0\n');
    expect(notYaml.status).toBe(400);
    expect(await notYaml.json()).toMatchObject({ type: `${PROBLEMS}validation`, field: expect.stringMatching(/^line \d+, column \d+$/) });

    const hot = await sendYaml(subject, tenant.keys.admin, yaml.replace(/temperature: [\d.]+/, 'temperature: 7'));
    expect(hot.status).toBe(400);
    expect(await hot.json()).toMatchObject({
      type: `${PROBLEMS}validation`,
      field: 'model.temperature',
      errors: [{ field: 'model.temperature', messages: ['must be a number from 0 to 2'] }],
    });
    const unquoted = await sendYaml(subject, tenant.keys.admin, yaml.replace(/^version: .*$/m, 'version: 1.0'));
    expect(await unquoted.json()).toMatchObject({ field: 'version' });
    expect(await eventCount()).toBe(before);
  });

  it('keeps an Idempotency-Key to one YAML document', async () => {
    const yaml = (await readFile('seeds/agents/executor.yaml', 'utf8')).replace(/^slug: .*$/m, 'slug: idempotent-executor');
    const first = await sendYaml(subject, tenant.keys.admin, yaml, { 'idempotency-key': 'yaml-1' });
    const replay = await sendYaml(subject, tenant.keys.admin, yaml, { 'idempotency-key': 'yaml-1' });
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const other = await sendYaml(subject, tenant.keys.admin, yaml.replace(/^version: .*$/m, "version: '2.0.0'"), {
      'idempotency-key': 'yaml-1',
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ type: `${PROBLEMS}idempotency-key-reused` });
  });

  it('routes intake events to matching running instances, by priority, and runs them through the language model', async () => {
    const spec = agentBody('deploy-bot', '1.0.0', {
      priority: 'NORMAL',
      triggers: [{ eventType: 'deploy.*', filter: { env: { $in: ['prod', 'staging'] } } }],
    });
    await post('/api/v1/agents', spec);
    await post('/api/v1/agents/deploy-bot/versions/1.0.0/publish');
    const started = await call(url('/api/v1/runtime/instances'), tenant.keys.operator, { method: 'POST', body: { slug: 'deploy-bot' } });
    expect(started.status).toBe(201);
    const { instanceId } = (await started.json()) as { instanceId: string };

    const publish = (body: Record<string, unknown>) => call(url('/api/v1/events'), tenant.keys.agent, { method: 'POST', body });
    const low = await publish({ eventId: 'ev-low', type: 'deploy.finished', payload: { env: 'staging' }, priority: 'LOW' });
    expect(low.status).toBe(202);
    expect(await low.json()).toMatchObject({ eventId: 'ev-low', accepted: true, executions: [{ instanceId, slug: 'deploy-bot' }] });
    await publish({ eventId: 'ev-critical', type: 'deploy.failed', payload: { env: 'prod', build: 'a1b2' }, priority: 'CRITICAL' });
    const unmatched = await json<{ executions: unknown[] }>(
      publish({ eventId: 'ev-dev', type: 'deploy.finished', payload: { env: 'dev' } }),
    );
    expect(unmatched.executions).toEqual([]);
    const again = await json<{ accepted: boolean; executions: unknown[] }>(
      publish({ eventId: 'ev-low', type: 'deploy.finished', payload: { env: 'staging' }, priority: 'LOW' }),
    );
    expect(again).toMatchObject({ accepted: false, executions: [] });

    const done = await eventually(async () => {
      const page = await get<Page<Execution>>(`/api/v1/runtime/executions?instanceId=${instanceId}&status=succeeded`);
      return page.items.length === 2 ? page.items : undefined;
    });
    expect(done.map((execution) => [execution.eventId, execution.priority])).toEqual([
      ['ev-critical', 'CRITICAL'],
      ['ev-low', 'LOW'],
    ]);
    for (const execution of done) {
      expect(execution.output).toEqual(expect.any(String));
      expect(execution.output!.length).toBeGreaterThan(0);
      expect(execution.durationMs).toEqual(expect.any(Number));
    }
    const providers = await eventually(async () => {
      const usage = await db.query<{ provider: string }>(
        `SELECT provider FROM llm_usage WHERE tenant_id = $1 AND purpose = 'agent_execution'`,
        [tenant.organizationId],
      );
      return usage.rows.length === 2 ? usage.rows.map((row) => row.provider) : undefined;
    });
    expect(providers).toEqual(['offline', 'offline']);

    const unhandled = await get<Page<{ eventId: string }>>('/api/v1/events?unhandled=true');
    expect(unhandled.items.map((event) => event.eventId)).toEqual(['ev-dev']);
    const handled = await get<Page<{ eventId: string }>>('/api/v1/events?unhandled=false');
    expect(handled.items.map((event) => event.eventId)).toEqual(['ev-low', 'ev-critical']);
    expect((await call(url('/api/v1/events?unhandled=maybe'), tenant.keys.admin)).status).toBe(400);

    const stats = await get<{ received: number; routed: number; unhandled: number }>('/api/v1/events/stats');
    expect(stats).toMatchObject({ received: 3, routed: 2, unhandled: 1 });
    const [metrics] = await get<{ slug: string; runs: number; successRate: number }[]>('/api/v1/runtime/metrics?slug=deploy-bot');
    expect(metrics).toMatchObject({ slug: 'deploy-bot', runs: 2, successRate: 1 });
    expect(await get<{ status: string }>(`/api/v1/runtime/instances/${instanceId}`)).toMatchObject({ status: 'IDLE' });

    expect((await call(url(`/api/v1/runtime/instances/${instanceId}/pause`), tenant.keys.operator, { method: 'POST' })).status).toBe(200);
    expect(await get<{ status: string }>(`/api/v1/runtime/instances/${instanceId}`)).toMatchObject({ status: 'PAUSED' });
    const whilePaused = await json<{ executions: unknown[] }>(publish({ type: 'deploy.finished', payload: { env: 'prod' } }));
    expect(whilePaused.executions).toEqual([]);
    expect((await call(url(`/api/v1/runtime/instances/${instanceId}/stop`), tenant.keys.admin, { method: 'POST' })).status).toBe(200);
    const resumeStopped = await call(url(`/api/v1/runtime/instances/${instanceId}/resume`), tenant.keys.admin, { method: 'POST' });
    expect(resumeStopped.status).toBe(422);
  });

  it('refuses to start an unpublished agent', async () => {
    await post('/api/v1/agents', agentBody('draft-only'));
    const response = await post('/api/v1/runtime/instances', { slug: 'draft-only' });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'agent_not_published' });
  });

  it('grants a lock, queues waiters by priority then arrival, and hands it over on release', async () => {
    const acquire = (holder: string, priority: string) =>
      json<{ outcome: string; queuePosition: number | null }>(post('/api/v1/locks/repo:main/acquire', { holder, ttlMs: 60_000, priority }));
    expect(await acquire('alice', 'LOW')).toMatchObject({ outcome: 'granted', queuePosition: null });
    expect(await acquire('bob', 'NORMAL')).toMatchObject({ outcome: 'queued', queuePosition: 1 });
    expect(await acquire('carol', 'CRITICAL')).toMatchObject({ outcome: 'queued', queuePosition: 1 });
    expect(await acquire('dave', 'NORMAL')).toMatchObject({ outcome: 'queued', queuePosition: 3 });

    const status = await get<{ locked: boolean; holder: { holder: string }; queue: { holder: string }[] }>('/api/v1/locks/repo:main');
    expect(status.holder.holder).toBe('alice');
    expect(status.queue.map((waiter) => waiter.holder)).toEqual(['carol', 'bob', 'dave']);

    const released = await post('/api/v1/locks/repo:main/release', { holder: 'alice' });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ outcome: 'released' });
    expect(await json<{ outcome: string }>(post('/api/v1/locks/repo:main/release', { holder: 'dave' }))).toMatchObject({
      outcome: 'left_queue',
    });
    const after = await get<{ holder: { holder: string }; queue: { holder: string }[] }>('/api/v1/locks/repo:main');
    expect(after.holder.holder).toBe('carol');
    expect(after.queue.map((waiter) => waiter.holder)).toEqual(['bob']);

    const notHeld = await post('/api/v1/locks/repo:main/release', { holder: 'alice' });
    expect(notHeld.status).toBe(422);
    expect(await notHeld.json()).toMatchObject({ code: 'lock_not_held' });
    const held = await get<Page<{ resource: string }>>('/api/v1/locks');
    expect(held.items.map((lock) => lock.resource)).toContain('repo:main');
  });

  it('defaults the lock holder to the caller’s member', async () => {
    const granted = await json<{ holder: string }>(
      call(url('/api/v1/locks/docs/acquire'), tenant.keys.operator, { method: 'POST', body: { ttlMs: 1000 } }),
    );
    expect(granted.holder).toBe(tenant.humanMemberId);
  });

  it('expires a lock after its TTL and hands it to the next waiter', async () => {
    await post('/api/v1/locks/short/acquire', { holder: 'first', ttlMs: 200 });
    await post('/api/v1/locks/short/acquire', { holder: 'second', ttlMs: 60_000 });
    const next = await eventually(async () => {
      const status = await get<{ holder: { holder: string } | null }>('/api/v1/locks/short');
      return status.holder?.holder === 'second' ? status : undefined;
    }, 15_000);
    expect(next.holder!.holder).toBe('second');
  });
});

describe('agent executions through an OpenAI-compatible provider', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.reply = () => 'Deployment a1b2 failed its smoke test: roll back.';
    const llm = { LLM_1_NAME: 'loopback', LLM_1_BASE_URL: server.baseUrl, LLM_1_MODEL: 'loop-model', LLM_OFFLINE_FALLBACK: 'false' };
    subject = await withLlmEnv(llm, () => startTestApp({ DEMO_ORGANIZATION: 'false' }));
    tenant = await createTenant(subject.app);
  });
  afterAll(async () => {
    await subject.close();
    await server.close();
  });

  it('sends the persona, goals and skills as the system prompt and the event as the user message', async () => {
    const post = (path: string, body?: unknown) => call(`${subject.url}${path}`, tenant.keys.admin, { method: 'POST', body });
    await post(
      '/api/v1/agents',
      agentBody('loop-bot', '1.0.0', {
        persona: 'You are the loop bot.',
        model: { providerPreference: [], temperature: 0.3, maxTokens: 321 },
      }),
    );
    await post('/api/v1/agents/loop-bot/versions/1.0.0/publish');
    await post('/api/v1/runtime/instances', { slug: 'loop-bot' });
    await post('/api/v1/events', { eventId: 'deploy-7', type: 'deploy.failed', payload: { build: 'a1b2' } });

    const [execution] = await eventually(async () => {
      const page = await json<Page<Execution>>(call(`${subject.url}/api/v1/runtime/executions?status=succeeded`, tenant.keys.admin));
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(execution.output).toBe('Deployment a1b2 failed its smoke test: roll back.');
    // Other tests of this block reach the server too: this execution's request is the one that carries its event.
    const request = server.requests.find(
      (recorded) => recorded.path.endsWith('/chat/completions') && JSON.stringify(recorded.body.messages ?? []).includes('a1b2'),
    )!;
    expect(request.body).toMatchObject({ model: 'loop-model', temperature: 0.3 });
    const [system, user] = request.body.messages!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('You are the loop bot.');
    expect(system.content).toContain('- Catch failed deployments');
    expect(system.content).toContain('incident-triage');
    expect(user.role).toBe('user');
    expect(user.content).toContain('deploy.failed');
    expect(user.content).toContain('"build": "a1b2"');
  });

  it("asks the agent's preferred provider for the model it names, and the ledger records the agent and why", async () => {
    const own = await createTenant(subject.app, 'Preferring');
    const post = (path: string, body?: unknown) => call(`${subject.url}${path}`, own.keys.admin, { method: 'POST', body });
    await post(
      '/api/v1/agents',
      agentBody('picky-bot', '1.0.0', { model: { providerPreference: ['loopback/agent-model'], temperature: 0.2, maxTokens: 100 } }),
    );
    await post('/api/v1/agents/picky-bot/versions/1.0.0/publish');
    await post('/api/v1/runtime/instances', { slug: 'picky-bot' });
    await post('/api/v1/events', { eventId: 'deploy-picky', type: 'deploy.failed', payload: { build: 'c3d4' } });
    await eventually(async () => {
      const page = await json<Page<Execution>>(call(`${subject.url}/api/v1/runtime/executions?status=succeeded`, own.keys.admin));
      return page.items.length > 0 ? page.items : undefined;
    });
    const request = server.requests.find((recorded) => JSON.stringify(recorded.body.messages ?? []).includes('c3d4'))!;
    expect(request.body.model).toBe('agent-model');
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    try {
      const rows = await eventually(async () => {
        const { rows: found } = await db.query('SELECT model, agent_slug, served_because FROM llm_usage WHERE tenant_id = $1', [
          own.organizationId,
        ]);
        return found.length > 0 ? found : undefined;
      });
      expect(rows).toEqual([{ model: 'agent-model', agent_slug: 'picky-bot', served_because: 'preferred' }]);
    } finally {
      await db.end();
    }
  });
});
