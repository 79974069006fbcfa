import { type Endpoint, describeEndpointAccess, eventCounter } from '../support/endpoint-access.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';

interface Fixture {
  squadRuleId: string;
  orgRuleId: string;
  templateId: string;
}

const fixtures = new Map<string, Fixture>();
const fixture = (t: TestTenant) => fixtures.get(t.organizationId)!;
const squadRules = (t: TestTenant) => `/api/v1/squads/${t.squadId}/routing/rules`;
const squadRouting = (t: TestTenant) => `/api/v1/squads/${t.squadId}/routing`;
const orgRules = '/api/v1/organization/routing/rules';
const rule = (askerRole = 'backend_developer', level = 1) => ({ askerRole, level, responderRole: 'tech_lead' });

const endpoints: Endpoint[] = [
  {
    name: 'list squad rules',
    method: 'GET',
    path: (t) => `${squadRules(t)}?askerRole=backend_developer`,
    foreign: (_, o) => ({ path: squadRules(o) }),
  },
  {
    name: 'get squad rule',
    method: 'GET',
    path: (t) => `${squadRules(t)}/${fixture(t).squadRuleId}`,
    foreign: (_, o) => ({ path: `${squadRules(o)}/${fixture(o).squadRuleId}` }),
  },
  {
    name: 'create squad rule',
    method: 'POST',
    path: squadRules,
    forbidden: 'operator',
    body: () => rule('qa_engineer'),
    foreign: (_, o) => ({ path: squadRules(o) }),
  },
  {
    name: 'bulk create squad rules',
    method: 'POST',
    path: (t) => `${squadRules(t)}/bulk`,
    forbidden: 'agent',
    body: () => ({ rules: [rule('qa_engineer', 2)] }),
    foreign: (_, o) => ({ path: `${squadRules(o)}/bulk` }),
  },
  {
    name: 'update squad rule',
    method: 'PATCH',
    path: (t) => `${squadRules(t)}/${fixture(t).squadRuleId}`,
    forbidden: 'operator',
    body: () => ({ priority: 5 }),
    foreign: (_, o) => ({ path: `${squadRules(o)}/${fixture(o).squadRuleId}` }),
  },
  {
    name: 'activate squad rule',
    method: 'POST',
    path: (t) => `${squadRules(t)}/${fixture(t).squadRuleId}/activate`,
    forbidden: 'agent',
    foreign: (_, o) => ({ path: `${squadRules(o)}/${fixture(o).squadRuleId}/activate` }),
  },
  {
    name: 'deactivate squad rule',
    method: 'POST',
    path: (t) => `${squadRules(t)}/${fixture(t).squadRuleId}/deactivate`,
    forbidden: 'operator',
    foreign: (_, o) => ({ path: `${squadRules(o)}/${fixture(o).squadRuleId}/deactivate` }),
  },
  {
    name: 'delete squad rule',
    method: 'DELETE',
    path: (t) => `${squadRules(t)}/${fixture(t).squadRuleId}`,
    forbidden: 'operator',
    foreign: (_, o) => ({ path: `${squadRules(o)}/${fixture(o).squadRuleId}` }),
  },
  { name: 'list organization rules', method: 'GET', path: () => orgRules },
  {
    name: 'get organization rule',
    method: 'GET',
    path: (t) => `${orgRules}/${fixture(t).orgRuleId}`,
    foreign: (_, o) => ({ path: `${orgRules}/${fixture(o).orgRuleId}` }),
  },
  { name: 'create organization rule', method: 'POST', path: () => orgRules, forbidden: 'operator', body: () => rule('qa_engineer') },
  {
    name: 'bulk create organization rules',
    method: 'POST',
    path: () => `${orgRules}/bulk`,
    forbidden: 'operator',
    body: () => ({ rules: [rule('qa_engineer', 2)] }),
  },
  {
    name: 'update organization rule',
    method: 'PATCH',
    path: (t) => `${orgRules}/${fixture(t).orgRuleId}`,
    forbidden: 'agent',
    body: () => ({ priority: 3 }),
    foreign: (_, o) => ({ path: `${orgRules}/${fixture(o).orgRuleId}` }),
  },
  {
    name: 'activate organization rule',
    method: 'POST',
    path: (t) => `${orgRules}/${fixture(t).orgRuleId}/activate`,
    forbidden: 'operator',
    foreign: (_, o) => ({ path: `${orgRules}/${fixture(o).orgRuleId}/activate` }),
  },
  {
    name: 'deactivate organization rule',
    method: 'POST',
    path: (t) => `${orgRules}/${fixture(t).orgRuleId}/deactivate`,
    forbidden: 'agent',
    foreign: (_, o) => ({ path: `${orgRules}/${fixture(o).orgRuleId}/deactivate` }),
  },
  {
    name: 'delete organization rule',
    method: 'DELETE',
    path: (t) => `${orgRules}/${fixture(t).orgRuleId}`,
    forbidden: 'operator',
    foreign: (_, o) => ({ path: `${orgRules}/${fixture(o).orgRuleId}` }),
  },
  {
    name: 'routing chain',
    method: 'GET',
    path: (t) => `${squadRouting(t)}/chain?askerRole=backend_developer&questionType=architecture`,
    foreign: (_, o) => ({ path: `${squadRouting(o)}/chain?askerRole=backend_developer` }),
  },
  {
    name: 'validate routing',
    method: 'POST',
    path: (t) => `${squadRouting(t)}/validate`,
    forbidden: 'agent',
    body: () => ({ rules: [rule('backend_developer', 0)] }),
    foreign: (_, o) => ({ path: `${squadRouting(o)}/validate` }),
  },
  {
    name: 'apply routing template',
    method: 'POST',
    path: (t) => `${squadRouting(t)}/apply-template`,
    forbidden: 'operator',
    body: () => ({ templateId: 'builtin:standard-software-team', mode: 'merge' }),
    foreign: (_, o) => ({ path: `${squadRouting(o)}/apply-template` }),
  },
  {
    name: 'get interaction settings',
    method: 'GET',
    path: (t) => `${squadRouting(t)}/settings`,
    foreign: (_, o) => ({ path: `${squadRouting(o)}/settings` }),
  },
  {
    name: 'update interaction settings',
    method: 'PATCH',
    path: (t) => `${squadRouting(t)}/settings`,
    forbidden: 'operator',
    body: () => ({ firstTimeoutSeconds: 600, followUpTemplate: 'Still there, {responder}?' }),
    foreign: (_, o) => ({ path: `${squadRouting(o)}/settings` }),
  },
  {
    name: 'routing statistics',
    method: 'GET',
    path: (t) => `${squadRouting(t)}/stats`,
    forbidden: 'agent',
    foreign: (_, o) => ({ path: `${squadRouting(o)}/stats` }),
  },
  { name: 'list routing templates', method: 'GET', path: () => '/api/v1/routing/templates' },
  {
    name: 'get routing template',
    method: 'GET',
    path: (t) => `/api/v1/routing/templates/${fixture(t).templateId}`,
    foreign: (_, o) => ({ path: `/api/v1/routing/templates/${fixture(o).templateId}` }),
  },
  {
    name: 'create routing template',
    method: 'POST',
    path: () => '/api/v1/routing/templates',
    forbidden: 'operator',
    body: () => ({ name: 'Escalate to the lead', rules: [{ ...rule(), questionType: 'default', priority: 0 }] }),
  },
  {
    name: 'update routing template',
    method: 'PATCH',
    path: (t) => `/api/v1/routing/templates/${fixture(t).templateId}`,
    forbidden: 'agent',
    body: () => ({ description: 'changed' }),
    foreign: (_, o) => ({ path: `/api/v1/routing/templates/${fixture(o).templateId}` }),
  },
  {
    name: 'delete routing template',
    method: 'DELETE',
    path: (t) => `/api/v1/routing/templates/${fixture(t).templateId}`,
    forbidden: 'operator',
    foreign: (_, o) => ({ path: `/api/v1/routing/templates/${fixture(o).templateId}` }),
  },
];

describe('routing endpoints: access and validation', () => {
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;

  async function setUp(tenant: TestTenant): Promise<void> {
    const post = <T>(path: string, body: unknown) => json<T>(call(`${subject.url}${path}`, tenant.keys.admin, { method: 'POST', body }));
    const squad = await post<{ rules: { id: string }[] }>(squadRules(tenant), rule('backend_developer', 0));
    const org = await post<{ rules: { id: string }[] }>(orgRules, rule('backend_developer', 0));
    const template = await post<{ templateId: string }>('/api/v1/routing/templates', { name: 'Own', fromSquadId: tenant.squadId });
    fixtures.set(tenant.organizationId, { squadRuleId: squad.rules[0].id, orgRuleId: org.rules[0].id, templateId: template.templateId });
  }

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    await setUp(own);
    await setUp(other);
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  describeEndpointAccess(endpoints, {
    app: () => subject,
    own: () => own,
    other: () => other,
    eventCount: () => events.count(),
  });

  it('answers 400 to an unknown field inside a listed rule, and to ids that are not UUIDs, appending nothing', async () => {
    const before = await events.count();
    const nested = await call(`${subject.url}${squadRules(own)}/bulk`, own.keys.admin, {
      method: 'POST',
      body: { rules: [rule(), { ...rule('qa_engineer'), sneaky: 1 }] },
    });
    expect(nested.status).toBe(400);
    expect(await nested.json()).toMatchObject({ errors: [{ field: 'rules.1.sneaky' }] });
    expect((await call(`${subject.url}/api/v1/squads/not-a-uuid/routing/chain?askerRole=x`, own.keys.admin)).status).toBe(400);
    expect((await call(`${subject.url}/api/v1/routing/templates/nonsense`, own.keys.admin)).status).toBe(400);
    const bothResponders = await call(`${subject.url}${orgRules}`, own.keys.admin, {
      method: 'POST',
      body: { ...rule(), responderMemberId: own.agentMemberId },
    });
    expect(bothResponders.status).toBe(400);
    expect(await events.count()).toBe(before);
  });

  it('does not let a squad rule name a member of another organization, appending nothing', async () => {
    const before = await events.count();
    const response = await call(`${subject.url}${squadRules(own)}`, own.keys.admin, {
      method: 'POST',
      body: { askerRole: 'backend_developer', level: 2, responderMemberId: other.agentMemberId },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'unknown_squad_member' });
    expect(await events.count()).toBe(before);
  });
});
