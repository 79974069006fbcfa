import { DEMO_ORGANIZATION_ID, DemoOrganizationSeeder, keyCreate, orgCreate } from '../../src/organizations/index.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call, json } from '../support/tenant.js';

// Each test has an app on a database of its own: the demo is seeded only into an empty one.
describe('first start and command line', () => {
  let subject: TestApp;
  beforeEach(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
  });
  afterEach(() => subject.close());

  it('creates the demo organization on an empty database only, with a working admin key', async () => {
    const seeder = subject.app.get(DemoOrganizationSeeder);
    const demo = await seeder.seedIfEmpty();
    expect(demo?.organizationId).toBe(DEMO_ORGANIZATION_ID);
    const members = await json<{ items: { role: string }[] }>(
      call(`${subject.url}/api/v1/squads/${demo!.squadId}/members`, demo!.adminKey),
    );
    expect(members.items.map((member: { role: string }) => member.role)).toEqual([
      'backend_developer',
      'tech_lead',
      'solution_architect',
      'project_manager',
    ]);
    expect(await seeder.seedIfEmpty()).toBeUndefined();
  });

  it('org:create and key:create print a key that works, once', async () => {
    const created = await orgCreate(subject.app, ['Acme', 'Corp', '--plan', 'pro']);
    const organizationId = /created: ([0-9a-f-]{36})/.exec(created)![1];
    const adminKey = /(ask_[\w-]+)/.exec(created)![1];
    expect(created.split('\n')).toContain(`export KEY=${adminKey}`); // a line that pastes into a shell
    const organization = await (await call(`${subject.url}/api/v1/organizations/${organizationId}`, adminKey)).json();
    expect(organization).toMatchObject({ name: 'Acme Corp', plan: 'pro' });

    const issued = await keyCreate(subject.app, ['--org', organizationId, '--role', 'operator']);
    const operatorKey = /(ask_[\w-]+)/.exec(issued)![1];
    expect(issued.split('\n')).toContain(`export KEY=${operatorKey}`);
    expect((await call(`${subject.url}/api/v1/squads`, operatorKey)).status).toBe(200);
    await expect(keyCreate(subject.app, ['--org', organizationId, '--role', 'root'])).rejects.toThrow(/--role/);
    await expect(keyCreate(subject.app, ['--org', '00000000-0000-4000-8000-000000000009', '--role', 'admin'])).rejects.toThrow(/not found/);
  });
});
