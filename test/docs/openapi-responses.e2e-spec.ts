import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { type CheckedResponse, type OpenApiDocument, OpenApiResponseValidator } from '../support/openapi-response-validator.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { until } from '../support/until.js';
import { enqueueEmail } from '../../src/integrations/email/index.js';
import { enqueuePsaDelivery } from '../../src/integrations/psa/index.js';
import { Database } from '../../src/platform/database/database.js';

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

  section('resolutions: resolve, review, push, re-open', async () => {
    const started = await expectStatus(post<{ id: string }>(v1('/sessions'), { problem: 'Mail bounces for one domain' }), 201);
    const { id } = started.body;
    await expectStatus(post(v1(`/sessions/${id}/resolve`), { resolution: '' }), 400);
    const resolved = await expectStatus(
      post<{ outputs: { id: string; type: string }[] }>(v1(`/sessions/${id}/resolve`), { resolution: 'Fixed the SPF record' }),
      201,
    );
    await expectStatus(post(v1(`/sessions/${id}/resolve`), { resolution: 'again' }), 409);
    const notes = resolved.body.outputs.find((output) => output.type === 'psa_notes')!.id;
    await until(
      async () => (await get<{ status: string }>(v1(`/outputs/${notes}`))).body,
      (output) => output.status === 'draft',
      'the drafted notes',
    );
    await expectStatus(get(v1(`/sessions/${id}/outputs?history=true`)), 200);
    await expectStatus(get(v1('/outputs/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(post(v1(`/outputs/${notes}/push`), { target: 'clipboard' }), 409);
    await expectStatus(patch(v1(`/outputs/${notes}`), { content: 'Notes by hand' }, { headers: { 'if-match': '"999"' } }), 412);
    await expectStatus(patch(v1(`/outputs/${notes}`), { content: 'Notes by hand' }), 200);
    await expectStatus(post(v1(`/outputs/${notes}/reject`), { reason: 'Too short' }), 200);
    await expectStatus(post(v1(`/outputs/${notes}/approve`)), 200);
    await expectStatus(post(v1(`/outputs/${notes}/push`), { target: 'clipboard' }), 200);
    await expectStatus(post(v1(`/outputs/${notes}/push`), { target: 'knowledge_base' }), 422);
    await expectStatus(post(v1(`/outputs/${notes}/regenerate`), { instructions: 'Shorter' }), 200);
    await expectStatus(post(v1(`/sessions/${id}/reopen`), {}), 200);
    await expectStatus(post(v1(`/sessions/${id}/reopen`), {}), 409);
  });

  section('pipelines: start, gate, pause, resume, cancel, logs, statistics and export', async () => {
    await expectStatus(post(v1('/pipelines'), { featureRequest: 'x', estimate: { sessions: 0, complexity: 3 } }), 400);
    await expectStatus(post(v1('/pipelines'), { featureRequest: 'x', phases: [{ phase: 'why', agent: 'no-such-agent' }] }), 422);
    const created = await expectStatus(
      post<{ id: string }>(v1('/pipelines'), {
        featureRequest: 'Export invoices as CSV',
        phases: [{ phase: 'why' }, { phase: 'plan' }],
        approvalGates: ['why'],
        estimate: { sessions: 2, complexity: 4 },
      }),
      201,
    );
    const { id } = created.body;
    await until(
      async () => (await get<{ status: string }>(v1(`/pipelines/${id}`))).body,
      (pipeline) => pipeline.status === 'waiting_for_approval',
      'the why gate',
    );
    await expectStatus(post(v1(`/pipelines/${id}/approve`), { phase: 'plan' }), 409);
    await expectStatus(post(v1(`/pipelines/${id}/phases/why/retry`)), 409);
    await expectStatus(post(v1(`/pipelines/${id}/pause`)), 200);
    await expectStatus(post(v1(`/pipelines/${id}/approve`), { phase: 'why', note: 'Go' }), 200);
    await expectStatus(post(v1(`/pipelines/${id}/resume`)), 200);
    await until(
      async () => (await get<{ status: string }>(v1(`/pipelines/${id}`))).body,
      (pipeline) => pipeline.status === 'completed',
      'the run',
    );
    await expectStatus(get(v1('/pipelines?status=completed&limit=1')), 200);
    await expectStatus(get(v1('/pipelines/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(get(v1(`/pipelines/${id}/export`)), 200);
    await expectStatus(get(v1(`/pipelines/agent-logs?pipelineId=${id}&success=true`)), 200);
    await expectStatus(get(v1('/pipelines/agent-logs/statistics?phase=why')), 200);
    await expectStatus(post(v1(`/pipelines/${id}/cancel`), {}), 409);
    // A gate after its first phase keeps it cancellable however fast the offline model answers.
    const other = await expectStatus(
      post<{ id: string }>(v1('/pipelines'), {
        featureRequest: 'Dark mode',
        phases: [{ phase: 'why' }, { phase: 'plan' }],
        approvalGates: ['why'],
      }),
      201,
    );
    await expectStatus(post(v1(`/pipelines/${other.body.id}/cancel`), { reason: 'Not now' }), 200);
  });

  section('handoffs: hand off, the queue, claim and release', async () => {
    const started = await expectStatus(post<{ id: string }>(v1('/sessions'), { problem: 'VPN drops every hour' }), 201);
    const { id } = started.body;
    await expectStatus(post(v1(`/sessions/${id}/handoffs`), { kind: 'sideways', notes: 'x' }), 400);
    const handedOff = await expectStatus(
      post<{ id: string }>(v1(`/sessions/${id}/handoffs`), { kind: 'escalate', notes: 'Needs the ISP', priority: 'elevated' }),
      201,
    );
    const item = handedOff.body.id;
    await expectStatus(post(v1(`/sessions/${id}/handoffs`), { kind: 'park', notes: 'again' }), 409);
    await expectStatus(get(v1(`/sessions/${id}/handoffs`)), 200);
    await expectStatus(get(v1('/sessions/00000000-0000-4000-8000-000000000000/handoffs')), 404);
    await expectStatus(get(v1('/queue?priority=elevated')), 200);
    await expectStatus(post(v1(`/queue/${item}/release`)), 409);
    await expectStatus(post(v1(`/queue/${item}/claim`)), 200);
    await expectStatus(post(v1(`/queue/${item}/claim`)), 409);
    await expectStatus(post(v1('/queue/00000000-0000-4000-8000-000000000000/claim')), 404);
    await expectStatus(post(v1(`/queue/${item}/release`)), 200);
    await expectStatus(get(v1('/queue/statistics')), 200);
    await expectStatus(get(v1('/queue/statistics?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z')), 400);
  });

  section('knowledge base: publish, search, read and archive articles', async () => {
    const published = await expectStatus(
      post<{ id: string }>(v1('/knowledge-base/articles'), {
        title: 'Outlook keeps asking for the password',
        content: 'Remove the stale entries in Credential Manager, then restart Outlook.',
        tags: ['outlook'],
      }),
      201,
    );
    const { id } = published.body;
    await expectStatus(post(v1('/knowledge-base/articles'), { title: '', content: 'x' }), 400);
    await expectStatus(get(v1('/knowledge-base/articles?q=outlook%20password&limit=5')), 200);
    await expectStatus(get(v1('/knowledge-base/articles?q=')), 400);
    await expectStatus(get(v1(`/knowledge-base/articles/${id}`)), 200);
    await expectStatus(get(v1('/knowledge-base/articles/00000000-0000-4000-8000-000000000000')), 404);
    await expectStatus(post(v1(`/knowledge-base/articles/${id}/archive`), { reason: 'Superseded' }), 200);
    await expectStatus(post(v1('/knowledge-base/articles/00000000-0000-4000-8000-000000000000/archive'), {}), 404);
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

  section('PSA webhook: configuration, deliveries and hand retry', async () => {
    const psa = v1('/organization/integrations/psa');
    await expectStatus(get(psa), 404);
    await expectStatus(put(psa, { url: 'http://127.0.0.1:9/hook', secret: 'whsec_docs_0123456789', events: ['handoff'] }), 422);
    await expectStatus(
      put(psa, { url: 'http://93.184.216.34/hook', secret: 'whsec_docs_0123456789', events: ['handoff'], sneaky: 1 }),
      400,
    );
    await expectStatus(put(psa, { url: 'http://93.184.216.34/hook', secret: 'whsec_docs_0123456789', events: ['handoff'] }), 200);
    await expectStatus(get(psa), 200);
    await expectStatus(get(psa, { key: tenant.keys.operator }), 403);
    // Due in a moment, and the integration removed before then: the try fails at once (no network needed).
    const deliveryId = 'handoff-docs-1';
    const enqueue = (id: string, dueInMs: number) =>
      subject.app.get(Database).transaction((tx) =>
        enqueuePsaDelivery(tx, {
          tenantId: tenant.organizationId,
          deliveryId: id,
          type: 'handoff',
          occurredAt: new Date(Date.now() + dueInMs),
          session: { id: 'session-docs' },
          note: { title: 'Parked', body: 'Waiting for the customer', visibility: 'internal' },
        }),
      );
    await enqueue(deliveryId, 1000);
    await enqueue('handoff-docs-later', 3_600_000); // stays pending: its retry is refused
    await expectStatus(remove(psa), 204);
    await expectStatus(remove(psa), 404);
    await until(
      () => get<{ items: { status: string }[] }>(v1('/organization/integrations/psa/deliveries?status=failed')),
      (page) => page.body.items.length === 1,
      'the delivery to fail',
    );
    await expectStatus(get(v1('/organization/integrations/psa/deliveries?status=lost')), 400);
    await expectStatus(post(v1(`/organization/integrations/psa/deliveries/${deliveryId}/retry`)), 200);
    await expectStatus(post(v1('/organization/integrations/psa/deliveries/handoff-docs-later/retry')), 409);
    await expectStatus(post(v1('/organization/integrations/psa/deliveries/handoff-none/retry')), 404);
  });

  section('e-mail outbox: list, one message and hand retry', async () => {
    // No SMTP_URL here: the message is kept as stored, which a hand retry may try again.
    await subject.app.get(Database).transaction((tx) =>
      enqueueEmail(tx, {
        tenantId: tenant.organizationId,
        messageId: 'push-docs-1',
        to: ['customer@example.com'],
        subject: 'Your mail is working again',
        text: 'We found the cause.',
        source: { kind: 'resolution-push', id: 'push-docs-1' },
      }),
    );
    await until(
      () => get<{ items: { status: string }[] }>(v1('/outbox/email?status=stored')),
      (page) => page.body.items.length === 1,
      'the message to be stored',
    );
    await expectStatus(get(v1('/outbox/email?status=lost')), 400);
    await expectStatus(get(v1('/outbox/email'), { key: tenant.keys.agent }), 403);
    await expectStatus(get(v1('/outbox/email/push-docs-1'), { key: tenant.keys.operator }), 200);
    await expectStatus(get(v1('/outbox/email/push-none')), 404);
    await expectStatus(post(v1('/outbox/email/push-docs-1/retry')), 200);
    await expectStatus(post(v1('/outbox/email/push-docs-1/retry'), undefined, { key: tenant.keys.operator }), 403);
    await expectStatus(post(v1('/outbox/email/push-none/retry')), 404);
  });

  section(
    'learning records: failures, estimates, retrospectives, spikes, complexity, patterns, docs cache, decisions, living docs',
    async () => {
      const failure = await expectStatus(
        post<{ id: string }>(v1('/failures'), {
          feature: 'WebSocket notifications',
          approach: 'Native',
          whyFailed: 'Scaling',
          lesson: 'Redis',
        }),
        201,
      );
      await expectStatus(post(v1('/failures'), { feature: '' }), 400);
      await expectStatus(
        post(v1('/failures'), { feature: 'F', approach: 'A', whyFailed: 'W', lesson: 'L' }, { key: tenant.keys.agent }),
        403,
      );
      await expectStatus(get(v1('/failures?limit=1')), 200);
      await expectStatus(get(v1('/failures/similar?q=websocket%20notifications')), 200);
      await expectStatus(get(v1(`/failures/similar?q=${'x'.repeat(2_001)}`)), 400);
      await expectStatus(get(v1(`/failures/${failure.body.id}`)), 200);
      await expectStatus(get(v1('/failures/00000000-0000-4000-8000-000000000000')), 404);

      const estimate = await expectStatus(
        post<{ id: string }>(v1('/estimates'), { feature: 'OAuth', estimatedSessions: 3, complexity: 7 }),
        201,
      );
      await expectStatus(post(v1('/estimates'), { feature: 'OAuth', estimatedSessions: 0, complexity: 7 }), 400);
      await expectStatus(get(v1('/estimates?completed=false')), 200);
      await expectStatus(get(v1(`/estimates/${estimate.body.id}`)), 200);
      await expectStatus(post(v1(`/estimates/${estimate.body.id}/complete`), { actualSessions: 5 }), 200);
      await expectStatus(post(v1(`/estimates/${estimate.body.id}/complete`), { actualSessions: 6 }), 409);
      await expectStatus(post(v1('/estimates/00000000-0000-4000-8000-000000000000/complete'), { actualSessions: 1 }), 404);
      await expectStatus(get(v1('/estimates/correction-factor?days=90')), 200);
      await expectStatus(get(v1('/estimates/correction-factor?days=0')), 400);

      await expectStatus(
        post(v1('/retrospectives'), { feature: 'OAuth', surprises: 'S', wouldChange: 'W', newPatterns: ['p'], spikeAccuracy: 50 }),
        201,
      );
      await expectStatus(get(v1('/retrospectives')), 200);
      await expectStatus(
        post(v1('/spikes'), { feature: 'F', question: 'Q', approach: 'A', result: 'R', viable: true, lessons: '', timeSpentMinutes: 5 }),
        201,
      );
      await expectStatus(get(v1('/spikes?viable=true')), 200);
      for (const complexityScore of [10, 20])
        await expectStatus(
          post(v1('/complexity-snapshots'), { file: 'src/a.ts', metrics: { lines: 1, functions: 1, dependencies: 0, complexityScore } }),
          201,
        );
      await expectStatus(get(v1('/complexity-snapshots?file=src/a.ts')), 200);
      await expectStatus(get(v1('/complexity-snapshots/warnings')), 200);
      await expectStatus(post(v1('/pattern-usages'), { pattern: 'repository', outcome: 'followed', complianceScore: 80 }), 201);
      await expectStatus(get(v1('/pattern-usages?outcome=followed')), 200);
      await expectStatus(
        post(v1('/docs-cache'), { library: 'fastapi', version: '0.115.0', content: '# Docs', sourceUrl: 'https://fastapi.tiangolo.com/' }),
        201,
      );
      await expectStatus(
        post(v1('/docs-cache'), { library: 'fastapi', version: '1', content: 'x', expiresAt: '2000-01-01T00:00:00Z' }),
        422,
      );
      await expectStatus(get(v1('/docs-cache?library=fastapi')), 200);
      await expectStatus(get(v1('/docs-cache/stale')), 200);
      await expectStatus(post(v1('/decisions'), { phase: 'plan', decision: 'Three steps', reasoning: 'Small' }), 201);
      await expectStatus(get(v1('/decisions?phase=plan')), 200);
      await expectStatus(get(v1('/living-docs/patterns.md')), 200);
      await expectStatus(get(v1('/living-docs/unknown.md')), 404);
    },
  );
  section('retention: rules, a run by hand', async () => {
    const retention = v1('/organization/retention');
    const shown = await expectStatus(get<{ targets: { target: string }[] }>(retention), 200);
    await expectStatus(get(retention, { key: tenant.keys.operator }), 403);
    await expectStatus(put(retention, { rules: [{ target: 'no_such_target', days: 30 }] }), 422);
    await expectStatus(put(retention, { rules: [{ target: 'agent_logs', days: 0 }] }), 400);
    await expectStatus(put(retention, { rules: shown.body.targets.map(({ target }) => ({ target, days: null })) }), 200);
    await expectStatus(post(v1('/organization/retention/run')), 200);
    await expectStatus(put(retention, { rules: [] }), 200);
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
