import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { type CheckedResponse, type OpenApiDocument, OpenApiResponseValidator } from '../support/openapi-response-validator.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { until } from '../support/until.js';

/**
 * Drives every operation of docs/openapi.json at least once against the booted app (successes and
 * the usual failures) and checks each response, status, body and headers, against the document: an
 * integrator's generated client must be able to trust it.
 */
describe('every response validates against docs/openapi.json', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let validator: OpenApiResponseValidator;

  beforeAll(async () => {
    validator = new OpenApiResponseValidator(JSON.parse(await readFile('docs/openapi.json', 'utf8')) as OpenApiDocument);
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
  });
  afterAll(async () => {
    await subject.close();
  });

  interface Sent {
    key?: string;
    body?: unknown;
    yaml?: string;
    /** A multipart body (an upload); fetch sets its content type. */
    form?: FormData;
    headers?: Record<string, string>;
  }
  interface Received<T> {
    status: number;
    body: T;
    headers: Headers;
    checked: CheckedResponse;
  }

  async function send<T = Record<string, unknown>>(method: string, path: string, sent: Sent = {}): Promise<Received<T>> {
    const headers: Record<string, string> = { ...sent.headers };
    const key = 'key' in sent ? sent.key : tenant.keys.admin;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | FormData | undefined;
    if (sent.form !== undefined) {
      body = sent.form;
    } else if (sent.yaml !== undefined) {
      headers['content-type'] = 'application/yaml';
      body = sent.yaml;
    } else if (sent.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(sent.body);
    }
    const url = `${subject.url}${path}`;
    const response = await fetch(url, { method, headers, body });
    const copy = response.clone();
    const checked = await validator.check(method, url, response);
    const text = await copy.text();
    const parsed = text && /json/.test(copy.headers.get('content-type') ?? '') ? (JSON.parse(text) as T) : (text as T);
    return { status: copy.status, body: parsed, headers: copy.headers, checked };
  }

  const get = <T = Record<string, unknown>>(path: string, sent?: Sent) => send<T>('GET', path, sent);
  const post = <T = Record<string, unknown>>(path: string, body?: unknown, sent: Sent = {}) => send<T>('POST', path, { ...sent, body });
  const patch = <T = Record<string, unknown>>(path: string, body: unknown, sent: Sent = {}) => send<T>('PATCH', path, { ...sent, body });
  const put = <T = Record<string, unknown>>(path: string, body: unknown, sent: Sent = {}) => send<T>('PUT', path, { ...sent, body });
  const remove = (path: string, sent?: Sent) => send('DELETE', path, sent);
  const v1 = (path: string) => `/api/v1${path}`;
  /** The status, with the body in the failure message when it differs. */
  async function expectStatus<T>(request: Promise<Received<T>>, status: number): Promise<Received<T>> {
    const received = await request;
    if (received.status !== status)
      throw new Error(
        `${received.checked.method} ${received.checked.path} answered ${received.status}, not ${status}: ${JSON.stringify(received.body)}`,
      );
    return received;
  }

  /**
   * The scenario's parts. One test runs them in order (later parts use what earlier ones created),
   * so no test of this file depends on another having run first.
   */
  const sections: { name: string; run: () => Promise<void> }[] = [];
  const section = (name: string, run: () => Promise<void>) => void sections.push({ name, run });

  section('organizations, squads, members and API keys', async () => {
    const org = tenant.organizationId;
    await expectStatus(get(v1(`/organizations/${org}`)), 200);
    await expectStatus(patch(v1(`/organizations/${org}`), { name: 'Renamed Org' }), 200);
    await expectStatus(get(v1(`/organizations/${org}`), { key: undefined }), 401);
    await expectStatus(get(v1('/squads?limit=1')), 200);
    const created = await post<{ id: string }>(
      v1('/squads'),
      { name: 'Platform', description: 'Runs the platform' },
      { headers: { 'Idempotency-Key': 'squad-1' } },
    );
    expect(created.status).toBe(201);
    await expectStatus(
      post(v1('/squads'), { name: 'Platform', description: 'Runs the platform' }, { headers: { 'Idempotency-Key': 'squad-1' } }),
      201,
    );
    await expectStatus(post(v1('/squads'), { name: 'Platform', unknown: true }), 400);
    const squad = created.body.id;
    await expectStatus(get(v1(`/squads/${squad}`)), 200);
    await expectStatus(get(v1('/squads/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(patch(v1(`/squads/${squad}`), { description: 'Keeps the lights on' }, { headers: { 'If-Match': '"1"' } }), 200);
    await expectStatus(patch(v1(`/squads/${squad}`), { description: 'Stale' }, { headers: { 'If-Match': '"1"' } }), 412);
    const member = await post<{ id: string; members?: { id: string }[] }>(v1(`/squads/${squad}/members`), {
      kind: 'human',
      role: 'qa_engineer',
      displayName: 'Quinn',
    });
    expect(member.status).toBe(201);
    const members = await get<{ items: { id: string }[] }>(v1(`/squads/${squad}/members`));
    expect(members.status).toBe(200);
    await expectStatus(remove(v1(`/squads/${squad}/members/${members.body.items[0].id}`)), 204);
    await expectStatus(get(v1('/api-keys')), 200);
    const issued = await post<{ id: string }>(v1('/api-keys'), { name: 'ci', role: 'operator' });
    expect(issued.status).toBe(201);
    await expectStatus(get(v1('/api-keys'), { key: tenant.keys.agent }), 403);
    await expectStatus(remove(v1(`/api-keys/${issued.body.id}`)), 204);
  });

  section('routing: rules, templates, chain, validation, settings and statistics', async () => {
    const squad = tenant.squadId;
    const squadRules = v1(`/squads/${squad}/routing/rules`);
    const written = await post<{ rules: { id: string }[] }>(squadRules, {
      askerRole: 'tech_lead',
      questionType: 'default',
      level: 0,
      responderRole: 'backend_developer',
    });
    expect(written.status).toBe(201);
    const rule = { body: written.body.rules[0] };
    await expectStatus(get(squadRules), 200);
    await expectStatus(get(`${squadRules}/${rule.body.id}`), 200);
    await expectStatus(patch(`${squadRules}/${rule.body.id}`, { priority: 5 }), 200);
    await expectStatus(post(`${squadRules}/${rule.body.id}/deactivate`), 200);
    await expectStatus(post(`${squadRules}/${rule.body.id}/activate`), 200);
    const bulk = await post<{ items?: { id: string }[] } | { id: string }[]>(`${squadRules}/bulk`, {
      rules: [{ askerRole: 'backend_developer', questionType: 'default', level: 0, responderRole: 'tech_lead' }],
    });
    expect(bulk.status).toBe(201);
    const spare = await post<{ rules: { id: string }[] }>(squadRules, {
      askerRole: 'tech_lead',
      questionType: 'billing',
      level: 0,
      responderRole: 'tech_lead',
    });
    await expectStatus(remove(`${squadRules}/${spare.body.rules[0].id}`), 204);
    await expectStatus(get(v1(`/squads/${squad}/routing/chain?askerRole=tech_lead&questionType=default`)), 200);
    await expectStatus(post(v1(`/squads/${squad}/routing/validate`), {}), 200);
    await expectStatus(get(v1(`/squads/${squad}/routing/settings`)), 200);
    await expectStatus(patch(v1(`/squads/${squad}/routing/settings`), { firstTimeoutSeconds: 600 }), 200);
    await expectStatus(get(v1(`/squads/${squad}/routing/stats`)), 200);

    const orgRules = v1('/organization/routing/rules');
    const orgWritten = await post<{ rules: { id: string }[] }>(orgRules, {
      askerRole: 'qa_engineer',
      level: 0,
      responderRole: 'tech_lead',
    });
    expect(orgWritten.status).toBe(201);
    const orgRule = { body: orgWritten.body.rules[0] };
    await expectStatus(get(orgRules), 200);
    await expectStatus(get(`${orgRules}/${orgRule.body.id}`), 200);
    await expectStatus(patch(`${orgRules}/${orgRule.body.id}`, { priority: 3 }), 200);
    await expectStatus(post(`${orgRules}/${orgRule.body.id}/deactivate`), 200);
    await expectStatus(post(`${orgRules}/${orgRule.body.id}/activate`), 200);
    await expectStatus(post(`${orgRules}/bulk`, { rules: [{ askerRole: 'designer', level: 0, responderRole: 'tech_lead' }] }), 201);
    await expectStatus(remove(`${orgRules}/${orgRule.body.id}`), 204);

    const templates = await get<{ items?: { id: string }[] }>(v1('/routing/templates'));
    expect(templates.status).toBe(200);
    await expectStatus(get(v1('/routing/templates/builtin:standard-software-team')), 200);
    await expectStatus(get(v1('/routing/templates/not a template')), 400);
    const own = await post<{ templateId: string }>(v1('/routing/templates'), { name: 'Our team', fromSquadId: squad });
    expect(own.status).toBe(201);
    await expectStatus(patch(v1(`/routing/templates/${own.body.templateId}`), { description: 'Captured from Core' }), 200);
    await expectStatus(patch(v1('/routing/templates/builtin:standard-software-team'), { description: 'Mine now' }), 422);
    await expectStatus(
      post(v1('/squads/00000000-0000-4000-8000-000000000000/routing/apply-template'), { templateId: own.body.templateId, mode: 'merge' }),
      404,
    );
    const spareSquad = await post<{ id: string }>(v1('/squads'), { name: 'Spare' });
    await expectStatus(
      post(v1(`/squads/${spareSquad.body.id}/routing/apply-template`), { templateId: own.body.templateId, mode: 'replace' }),
      200,
    );
    await expectStatus(remove(v1(`/routing/templates/${own.body.templateId}`)), 204);
  });

  section('registry: agents, templates, runtime, event intake and locks', async () => {
    const spec = {
      slug: 'release-watcher',
      version: '1.0.0',
      name: 'Release Watcher',
      role: 'release_manager',
      persona: 'You watch releases.',
      goals: ['Catch failed deployments'],
      skills: ['incident-triage'],
      model: { providerPreference: ['offline'], temperature: 0.1, maxTokens: 200 },
      triggers: [{ eventType: 'deploy.*', filter: { env: { $in: ['prod'] } } }],
      priority: 'HIGH',
    };
    await expectStatus(post(v1('/agents'), spec, { headers: { 'Idempotency-Key': 'agent-1' } }), 201);
    await expectStatus(post(v1('/agents'), { ...spec, version: 'one' }), 400);
    await expectStatus(send('POST', v1('/agents/import'), { yaml: stringify({ ...spec, slug: 'scratch' }) }), 201);
    await expectStatus(get(v1('/agents/templates')), 200);
    await expectStatus(post(v1('/agents/templates/install')), 200);
    await expectStatus(post(v1('/agents/release-watcher/versions/1.0.0/publish')), 200);
    await expectStatus(get(v1('/agents?q=releases')), 200);
    await expectStatus(get(v1('/agents/release-watcher')), 200);
    await expectStatus(get(v1('/agents/release-watcher/versions')), 200);
    await expectStatus(get(v1('/agents/release-watcher/export')), 200);
    await expectStatus(remove(v1('/agents/scratch/versions/1.0.0')), 200);

    const started = await post<{ instanceId: string }>(v1('/runtime/instances'), { slug: 'release-watcher' });
    expect(started.status).toBe(201);
    await expectStatus(get(v1('/runtime/instances')), 200);
    await expectStatus(get(v1(`/runtime/instances/${started.body.instanceId}`)), 200);
    const published = await post(v1('/events'), { type: 'deploy.failed', payload: { env: 'prod' }, priority: 'CRITICAL' });
    expect(published.status).toBe(202);
    await expectStatus(post(v1('/events'), { type: 'billing.paid', payload: {} }), 202);
    await until(
      () => get<{ items: unknown[] }>(v1('/runtime/executions?slug=release-watcher')),
      (page) => page.body.items.length > 0,
      'the execution of the routed event',
    );
    await expectStatus(get(v1('/runtime/metrics')), 200);
    await expectStatus(get(v1('/events?unhandled=true')), 200);
    await expectStatus(get(v1('/events/stats')), 200);
    await expectStatus(post(v1(`/runtime/instances/${started.body.instanceId}/pause`)), 200);
    await expectStatus(post(v1(`/runtime/instances/${started.body.instanceId}/stop`)), 200);
    await expectStatus(post(v1('/agents/release-watcher/versions/1.0.0/deprecate'), { reason: 'superseded' }), 200);

    await expectStatus(get(v1('/locks/repo:main')), 200);
    await expectStatus(post(v1('/locks/repo:main/acquire'), { holder: 'executor-1', ttlMs: 30000 }), 200);
    await expectStatus(post(v1('/locks/repo:main/acquire'), { holder: 'executor-2', ttlMs: 30000 }), 200);
    await expectStatus(get(v1('/locks')), 200);
    await expectStatus(get(v1('/locks/repo:main')), 200);
    await expectStatus(post(v1('/locks/repo:main/release'), { holder: 'executor-1' }), 200);
  });

  section('conversations, usage', async () => {
    const squad = tenant.squadId;
    const asked = await post<{ id: string }>(
      v1(`/squads/${squad}/conversations`),
      { text: 'Is the staging database up?', askerMemberId: tenant.agentMemberId },
      { headers: { 'Idempotency-Key': 'ask-1' } },
    );
    expect(asked.status).toBe(201);
    await expectStatus(get(v1('/conversations')), 200);
    await expectStatus(get(v1(`/conversations/${asked.body.id}`)), 200);
    await expectStatus(get(v1(`/members/${tenant.humanMemberId}/inbox`)), 200);
    await expectStatus(
      post(v1(`/conversations/${asked.body.id}/answer`), { text: 'Yes, since 9:00.' }, { key: tenant.keys.operator }),
      200,
    );
    await expectStatus(get(v1(`/conversations/${asked.body.id}/timeline`)), 200);
    const second = await post<{ id: string }>(v1(`/squads/${squad}/conversations`), {
      text: 'Who owns billing?',
      askerMemberId: tenant.agentMemberId,
    });
    await expectStatus(
      post(v1(`/conversations/${second.body.id}/cant-help`), { reason: 'Not my area' }, { key: tenant.keys.operator }),
      200,
    );
    await expectStatus(
      post(v1('/conversations/00000000-0000-4000-8000-000000000000/answer'), { text: 'Nobody asked' }, { key: tenant.keys.operator }),
      404,
    );
    await expectStatus(get(v1(`/squads/${squad}/conversations/statistics`)), 200);
    await expectStatus(get(v1('/usage')), 200);
    await expectStatus(get(v1(`/usage?squadId=${squad}&agentSlug=tech-lead`)), 200);
    await expectStatus(get(v1('/usage?from=yesterday')), 400);
    await expectStatus(get(v1('/usage?squadId=core')), 400);
  });

  section('budgets', async () => {
    await expectStatus(
      put(v1('/budgets'), { scope: 'squad', squadId: tenant.squadId, period: 'month', limitUsd: 20, mode: 'degrade' }),
      200,
    );
    await expectStatus(
      put(v1('/budgets'), { scope: 'organization', period: 'day', limitTokens: 100000, mode: 'block', thresholds: [0.5, 1] }),
      200,
    );
    await expectStatus(put(v1('/budgets'), { scope: 'organization', period: 'week', limitUsd: 1, mode: 'block' }), 400);
    await expectStatus(put(v1('/budgets'), { scope: 'organization', period: 'day', mode: 'block' }), 422);
    await expectStatus(put(v1('/budgets'), { scope: 'agent', agentSlug: 'nobody', period: 'day', limitUsd: 1, mode: 'alert' }), 404);
    await expectStatus(
      put(v1('/budgets'), { scope: 'organization', period: 'day', limitUsd: 1, mode: 'alert' }, { key: tenant.keys.operator }),
      403,
    );
    await expectStatus(put(v1('/budgets'), { scope: 'organization', period: 'day', limitUsd: 1, mode: 'alert' }, { key: undefined }), 401);
    const listed = await expectStatus(get<{ budgets: unknown[] }>(v1('/budgets'), { key: tenant.keys.operator }), 200);
    expect(listed.body.budgets).toHaveLength(2);
    await expectStatus(get(v1('/budgets'), { key: tenant.keys.agent }), 403);
  });

  section('branching: sessions, fork, branch transitions, attachments and messages', async () => {
    type Session = { id: string; rootBranchId: string; branches: { id: string; label: string }[] };
    const started = await expectStatus(post<Session>(v1('/sessions'), { problem: 'Mail is down', domain: 'email' }), 201);
    const { id, rootBranchId } = started.body;
    await expectStatus(post(v1('/sessions'), { problem: 'x', sneaky: true }), 400);
    await expectStatus(get(v1('/sessions?status=active')), 200);
    await expectStatus(get(v1(`/sessions/${id}`)), 200);
    await expectStatus(get(v1('/sessions/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(post(v1(`/sessions/${id}/suggestions`)), 200);
    await expectStatus(post(v1(`/sessions/${id}/branches/${rootBranchId}/messages`), { text: 'Nobody gets mail' }), 201);
    const file = (text: string, type: string, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([text], { type }), name);
      return { form };
    };
    const attachments = v1(`/sessions/${id}/branches/${rootBranchId}/attachments`);
    const attached = await expectStatus(
      send<{ id: string }>('POST', attachments, file('421 too many connections', 'text/x-log', 'smtp.log')),
      201,
    );
    await expectStatus(send('POST', attachments, file('<p>', 'text/html', 'page.html')), 415);
    await expectStatus(send('POST', attachments, { form: new FormData() }), 400);
    await expectStatus(
      post(v1(`/sessions/${id}/branches/${rootBranchId}/messages`), { text: 'The log', attachmentIds: [attached.body.id] }),
      201,
    );
    await expectStatus(get(v1(`/sessions/${id}`)), 200);
    const forked = await expectStatus(
      post<Session>(v1(`/sessions/${id}/fork`), {
        fromBranchId: rootBranchId,
        reason: 'Two causes',
        options: [
          { label: 'DNS', description: 'Stale MX' },
          { label: 'Firewall', description: 'Port blocked' },
        ],
      }),
      201,
    );
    const [dns, firewall] = forked.body.branches.filter((branch) => branch.id !== rootBranchId);
    await expectStatus(get(v1(`/sessions/${id}/branches/${dns.id}/messages`)), 200);
    await expectStatus(post(v1(`/sessions/${id}/branches/${firewall.id}/messages`), { text: 'untried' }), 409);
    await expectStatus(post(v1(`/sessions/${id}/branches/${firewall.id}/switch`)), 200);
    await expectStatus(post(v1(`/sessions/${id}/branches/${dns.id}/dead-end`), { reason: 'MX is fine' }), 200);
    await expectStatus(post(v1(`/sessions/${id}/branches/${dns.id}/switch`)), 409);
    await expectStatus(send('POST', v1(`/sessions/${id}/branches/${dns.id}/attachments`), file('x', 'text/plain', 'x.txt')), 409);
    await expectStatus(post(v1(`/sessions/${id}/branches/${dns.id}/revive`), { evidenceFromBranchId: dns.id, evidence: 'self' }), 422);
    await expectStatus(
      post(v1(`/sessions/${id}/branches/${dns.id}/revive`), { evidenceFromBranchId: firewall.id, evidence: 'Port 53' }),
      200,
    );
    await expectStatus(post(v1(`/sessions/${id}/branches/${dns.id}/solved`), { reason: 'Opened 53' }), 200);
  });

  section('discussions: open, steer, say, propose, decide, search and export', async () => {
    type Discussion = { id: string; proposals: { id: string }[] };
    const opened = await expectStatus(post<Discussion>(v1('/discussions'), { goal: 'Choose a message queue', autoStart: false }), 201);
    const { id } = opened.body;
    await expectStatus(post(v1('/discussions'), { goal: 'x', sneaky: true }), 400);
    await expectStatus(post(v1('/discussions'), { goal: 'x', agents: ['no-such-agent', 'project-manager'] }), 422);
    await expectStatus(get(v1('/discussions?state=created')), 200);
    await expectStatus(get(v1(`/discussions/${id}`)), 200);
    await expectStatus(get(v1('/discussions/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(post(v1(`/discussions/${id}/pause`)), 409);
    await expectStatus(post(v1(`/discussions/${id}/start`)), 200);
    await expectStatus(post(v1(`/discussions/${id}/pause`)), 200);
    await expectStatus(post(v1(`/discussions/${id}/messages`), { text: 'Billing needs ordering per customer' }), 201);
    await expectStatus(post(v1(`/discussions/${id}/messages`), { text: 'x', inReplyTo: '00000000-0000-4000-8000-000000000000' }), 404);
    const proposed = await expectStatus(post<Discussion>(v1(`/discussions/${id}/proposals`), { text: 'Use Postgres as the queue' }), 201);
    await expectStatus(post(v1(`/discussions/${id}/decide`), { proposalId: proposed.body.proposals[0].id }), 409);
    await expectStatus(post(v1(`/discussions/${id}/resume`)), 200);
    await expectStatus(get(v1(`/discussions/${id}/messages`)), 200);
    await expectStatus(get(v1(`/discussions/${id}/timeline`)), 200);
    await expectStatus(get(v1(`/discussions/${id}/export?format=json`)), 200);
    await expectStatus(get(v1(`/discussions/${id}/export?format=markdown`)), 200);
    await expectStatus(get(v1('/discussions/search?q=ordering%20customer')), 200);
    await expectStatus(post(v1(`/discussions/${id}/stop`), { reason: 'Decided elsewhere' }), 200);
    await expectStatus(post(v1(`/discussions/${id}/messages`), { text: 'late' }), 409);
  });

  section('audit: the event log and one stream', async () => {
    const log = await expectStatus(
      get<{ items: { streamId: string; position: number }[] }>(v1('/events/log?streamType=squad&limit=5')),
      200,
    );
    await expectStatus(get(v1('/events/log?from=yesterday')), 400);
    await expectStatus(get(v1('/events/log'), { key: tenant.keys.operator }), 403);
    const [first] = log.body.items;
    await expectStatus(get(v1(`/streams/${first.streamId}?asOf=${first.position}`)), 200);
    await expectStatus(get(v1('/streams/squad-00000000-0000-4000-8000-000000000000')), 404);
  });

  it('exercises every operation, and every response matches the document', async () => {
    for (const part of sections) {
      try {
        await part.run();
      } catch (error) {
        throw new Error(`${part.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    const mismatches = validator.checked
      .filter((response) => response.problems.length > 0)
      .map(
        (response) => `${response.method} ${response.path} → ${response.status} (${response.operationId}): ${response.problems.join('; ')}`,
      );
    expect(mismatches).toEqual([]);
    const exercised = new Set(validator.checked.map((response) => response.operationId));
    expect(validator.operationIds().filter((id) => !exercised.has(id))).toEqual([]);
  }, 180_000);
});
