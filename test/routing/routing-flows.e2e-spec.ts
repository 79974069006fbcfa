import { TenancyService } from '../../src/organizations/index.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';

interface ChainLevel {
  level: number;
  rule: { id: string; source: string; responderRole: string | null };
  responders: { id: string; role: string; name?: string }[];
  why: {
    summary: string;
    source: string;
    questionTypeMatch: string;
    decidedBy: string;
    outranked: { ruleId: string; lostOn: string }[];
    ignoredInactive: { ruleId: string }[];
  };
}
interface Chain {
  askerRole: string;
  questionType: string;
  levels: ChainLevel[];
}
interface Written {
  version: number;
  rules: { id: string; askerRole: string; level: number; responderRole: string | null }[];
  warnings: { code: string }[];
}
interface Validation {
  valid: boolean;
  issues: { code: string; severity: string; ruleIds: string[] }[];
}

describe('routing over HTTP', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let team: { squadId: string; memberIds: string[] };
  const url = (path: string) => `${subject.url}${path}`;
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(url(path), tenant.keys.admin, { method, body, headers });
  const chain = (squadId: string, askerRole: string, questionType?: string) =>
    json<Chain>(
      call(
        url(`/api/v1/squads/${squadId}/routing/chain?askerRole=${askerRole}${questionType ? `&questionType=${questionType}` : ''}`),
        tenant.keys.agent,
      ),
    );

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    // A squad staffed for the Standard Software Team template.
    team = await subject.app.get(TenancyService).createSquad(tenant.organizationId, 'Product', [
      { kind: 'human', role: 'backend_developer', displayName: 'Bea', agentSlug: null },
      { kind: 'human', role: 'frontend_developer', displayName: 'Fred', agentSlug: null },
      { kind: 'human', role: 'qa_engineer', displayName: 'Quinn', agentSlug: null },
      { kind: 'agent', role: 'tech_lead', displayName: 'Tess Lead', agentSlug: 'tech-lead' },
      { kind: 'agent', role: 'solution_architect', displayName: 'Sol', agentSlug: 'solution-architect' },
      { kind: 'human', role: 'project_manager', displayName: 'Pat', agentSlug: null },
    ]);
  });
  afterAll(() => subject.close());

  it('applies a shipped template to a staffed squad, which then validates clean and routes every question', async () => {
    const templates = await json<{ items: { id: string; name: string; builtIn: boolean }[] }>(
      call(url('/api/v1/routing/templates'), tenant.keys.operator),
    );
    expect(templates.items.filter((template) => template.builtIn).map((template) => template.name)).toEqual(
      expect.arrayContaining(['Standard Software Team', 'DevOps Team', 'AI/ML Team']),
    );

    const applied = await send('POST', `/api/v1/squads/${team.squadId}/routing/apply-template`, {
      templateId: 'builtin:standard-software-team',
      mode: 'replace',
    });
    expect(applied.status).toBe(200);
    const written = (await applied.json()) as Written;
    expect(written.rules.length).toBeGreaterThan(20);
    expect(written.warnings).toEqual([]);
    expect(applied.headers.get('etag')).toBe(`"${written.version}"`);

    const validation = await json<Validation>(send('POST', `/api/v1/squads/${team.squadId}/routing/validate`, {}));
    expect(validation).toEqual({ valid: true, issues: [] });

    const byDefault = await chain(team.squadId, 'backend_developer');
    expect(byDefault.levels.map((level) => level.rule.responderRole)).toEqual(['tech_lead', 'solution_architect', 'project_manager']);
    expect(byDefault.levels[0].responders.map((member) => member.name)).toEqual(['Tess Lead']);
    expect(byDefault.levels[0].why).toMatchObject({ source: 'squad', questionTypeMatch: 'default', decidedBy: 'only_candidate' });
    expect(byDefault.levels[0].why.summary).toContain('tech_lead');

    const architecture = await chain(team.squadId, 'backend_developer', 'architecture');
    expect(architecture.levels.map((level) => level.rule.responderRole)).toEqual(['solution_architect', 'tech_lead', 'project_manager']);
    expect(architecture.levels[0].why).toMatchObject({ questionTypeMatch: 'specific', decidedBy: 'question_type' });
    expect(architecture.levels[0].why.outranked[0]).toMatchObject({ lostOn: 'question_type' });

    // Merging again fills no slot twice.
    const merged = await json<Written>(
      send('POST', `/api/v1/squads/${team.squadId}/routing/apply-template`, {
        templateId: 'builtin:standard-software-team',
        mode: 'merge',
      }),
    );
    expect(merged.rules).toEqual([]);
  });

  it('explains why a squad rule beats an organization rule, and skips inactive rules', async () => {
    const org = await json<Written>(
      send('POST', '/api/v1/organization/routing/rules', { askerRole: 'designer', level: 0, responderRole: 'tech_lead' }),
    );
    const viaOrg = await chain(tenant.squadId, 'designer');
    expect(viaOrg.levels).toHaveLength(1);
    expect(viaOrg.levels[0].why).toMatchObject({ source: 'organization', decidedBy: 'only_candidate' });

    const created = await send('POST', `/api/v1/squads/${tenant.squadId}/routing/rules`, {
      askerRole: 'designer',
      level: 0,
      responderMemberId: tenant.humanMemberId,
    });
    expect(created.status).toBe(201);
    const squadRule = ((await created.json()) as Written).rules[0];
    const viaSquad = await chain(tenant.squadId, 'designer');
    expect(viaSquad.levels[0].rule).toMatchObject({ id: squadRule.id, source: 'squad' });
    expect(viaSquad.levels[0].responders.map((member) => member.id)).toEqual([tenant.humanMemberId]);
    expect(viaSquad.levels[0].why).toMatchObject({
      source: 'squad',
      decidedBy: 'scope',
      outranked: [{ ruleId: org.rules[0].id, lostOn: 'scope' }],
    });
    expect(viaSquad.levels[0].why.summary).toMatch(/squad rules take precedence/);

    const deactivated = await send('POST', `/api/v1/squads/${tenant.squadId}/routing/rules/${squadRule.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    const afterDeactivation = await chain(tenant.squadId, 'designer');
    expect(afterDeactivation.levels[0].why).toMatchObject({ source: 'organization', ignoredInactive: [{ ruleId: squadRule.id }] });
  });

  it('reports the problems of a proposed configuration without saving it', async () => {
    const before = await json<{ items: unknown[] }>(call(url(`/api/v1/squads/${tenant.squadId}/routing/rules`), tenant.keys.admin));
    const report = await send('POST', `/api/v1/squads/${tenant.squadId}/routing/validate`, {
      rules: [
        { askerRole: 'backend_developer', level: 0, responderRole: 'backend_developer' },
        { askerRole: 'backend_developer', level: 2, responderRole: 'cto' },
        { askerRole: 'tech_lead', level: 1, responderRole: 'backend_developer' },
      ],
    });
    expect(report.status).toBe(200);
    const validation = (await report.json()) as Validation;
    expect(validation.valid).toBe(false);
    expect(validation.issues.map((issue) => issue.code)).toEqual(
      expect.arrayContaining(['self_routing', 'level_gap', 'unstaffed_responder', 'missing_first_contact']),
    );
    expect(validation.issues.find((issue) => issue.code === 'self_routing')!.ruleIds).toEqual(['proposed-0']);
    const after = await json<{ items: unknown[] }>(call(url(`/api/v1/squads/${tenant.squadId}/routing/rules`), tenant.keys.admin));
    expect(after.items).toHaveLength(before.items.length);
  });

  it('creates rules in bulk all or nothing, and updates and deletes them under If-Match', async () => {
    const base = `/api/v1/squads/${tenant.squadId}/routing/rules`;
    const rejected = await send('POST', `${base}/bulk`, {
      rules: [
        { askerRole: 'writer', level: 0, responderRole: 'tech_lead' },
        { askerRole: 'writer', level: 0, responderRole: 'tech_lead' },
      ],
    });
    expect(rejected.status).toBe(422);
    expect((await json<{ items: unknown[] }>(call(url(`${base}?askerRole=writer`), tenant.keys.admin))).items).toEqual([]);

    const bulk = await send('POST', `${base}/bulk`, {
      rules: [
        { askerRole: 'writer', level: 0, responderRole: 'tech_lead' },
        { askerRole: 'writer', level: 1, responderRole: 'backend_developer' },
      ],
    });
    expect(bulk.status).toBe(201);
    const etag = bulk.headers.get('etag')!;
    const [first] = ((await bulk.json()) as Written).rules;
    const updated = await send('PATCH', `${base}/${first.id}`, { priority: 7 }, { 'if-match': etag });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as Written).rules[0]).toMatchObject({ id: first.id, priority: 7 });
    const stale = await send('DELETE', `${base}/${first.id}`, undefined, { 'if-match': etag });
    expect(stale.status).toBe(412);
    const deleted = await send('DELETE', `${base}/${first.id}`, undefined, { 'if-match': updated.headers.get('etag')! });
    expect(deleted.status).toBe(204);
    expect((await call(url(`${base}/${first.id}`), tenant.keys.admin)).status).toBe(404);
  });

  it('keeps interaction settings per squad, defaults first, guarded by If-Match', async () => {
    const path = `/api/v1/squads/${tenant.squadId}/routing/settings`;
    const read = await call(url(path), tenant.keys.agent);
    expect(await read.json()).toMatchObject({ firstTimeoutSeconds: 300, followUpTimeoutSeconds: 120 });
    const etag = read.headers.get('etag')!;
    const changed = await send('PATCH', path, { firstTimeoutSeconds: 600, maxLevel: 2 }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ firstTimeoutSeconds: 600, followUpTimeoutSeconds: 120, maxLevel: 2 });
    expect((await send('PATCH', path, { followUpTimeoutSeconds: 60 }, { 'if-match': etag })).status).toBe(412);
    expect(await json(call(url(path), tenant.keys.operator))).toMatchObject({ firstTimeoutSeconds: 600, maxLevel: 2 });
    expect((await send('PATCH', path, { firstTimeoutSeconds: 1 })).status).toBe(400);
    expect(await json(call(url(`/api/v1/squads/${team.squadId}/routing/settings`), tenant.keys.operator))).toMatchObject({
      firstTimeoutSeconds: 300,
    });
  });

  it('captures a squad as an organization template and applies it to another squad', async () => {
    const staffed = await send('POST', `/api/v1/squads/${team.squadId}/routing/apply-template`, {
      templateId: 'builtin:standard-software-team',
      mode: 'replace',
    });
    expect(staffed.status).toBe(200);
    const created = await send('POST', '/api/v1/routing/templates', {
      name: 'Product routing',
      fromSquadId: team.squadId,
      isPublic: false,
    });
    expect(created.status).toBe(201);
    const { templateId } = (await created.json()) as { templateId: string };
    const template = await json<{ name: string; rules: unknown[]; builtIn: boolean }>(
      call(url(`/api/v1/routing/templates/${templateId}`), tenant.keys.operator),
    );
    expect(template).toMatchObject({ name: 'Product routing', builtIn: false });
    const fresh = await subject.app.get(TenancyService).createSquad(tenant.organizationId, 'Copy', [
      { kind: 'human', role: 'backend_developer', displayName: 'B', agentSlug: null },
      { kind: 'human', role: 'tech_lead', displayName: 'T', agentSlug: null },
    ]);
    const applied = await json<Written>(
      send('POST', `/api/v1/squads/${fresh.squadId}/routing/apply-template`, { templateId, mode: 'replace' }),
    );
    expect(applied.rules).toHaveLength(template.rules.length);
    expect((await chain(fresh.squadId, 'backend_developer')).levels[0].responders.map((member) => member.name)).toEqual(['T']);

    expect((await send('PATCH', `/api/v1/routing/templates/${templateId}`, { name: 'Renamed' })).status).toBe(200);
    const builtIn = await send('PATCH', '/api/v1/routing/templates/builtin:devops-team', { name: 'Mine now' });
    expect(builtIn.status).toBe(422);
    expect((await send('DELETE', `/api/v1/routing/templates/${templateId}`)).status).toBe(204);
    expect((await call(url(`/api/v1/routing/templates/${templateId}`), tenant.keys.admin)).status).toBe(404);
  });

  it('reports rule statistics for a squad', async () => {
    const stats = await json<{ rules: unknown[]; levels: unknown[] }>(
      call(url(`/api/v1/squads/${team.squadId}/routing/stats`), tenant.keys.operator),
    );
    // Counted from the questions asked (the conversations tests ask them); this squad has had none.
    expect(stats).toEqual({ rules: [], levels: [] });
  });
});
