import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEMO_ORGANIZATION_ID, TenancyService } from '../../src/organizations/index.js';
import { OrganizationContentSeeder } from '../../src/wiring/organization-content.seeder.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call, json } from '../support/tenant.js';

const run = promisify(execFile);

describe('seeding: agent templates and routing on first start and with npm run seed', () => {
  let subject: TestApp;
  let demoKey: string;
  let templateCount: number;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'true' });
    demoKey = (await subject.app.get(TenancyService).issueKey(DEMO_ORGANIZATION_ID, { name: 'test', role: 'admin' })).key;
    templateCount = (await json<unknown[]>(call(`${subject.url}/api/v1/agents/templates`, demoKey))).length;
  });
  afterAll(() => subject.close());

  it('installs and publishes every agent template in the demo organization on first start', async () => {
    expect(templateCount).toBeGreaterThanOrEqual(15);
    const page = await json<{ items: { slug: string; status: string }[] }>(
      call(`${subject.url}/api/v1/agents?status=published&limit=100`, demoKey),
    );
    expect(page.items).toHaveLength(templateCount);
    expect(page.items.map((agent) => agent.slug)).toEqual(
      expect.arrayContaining(['qa-manager', 'explorer', 'executor', 'project-manager', 'technical-architect', 'pipeline-why']),
    );
  });

  it('routes a question in the demo squad out of the box (Standard Software Team)', async () => {
    const squads = await json<{ items: { id: string; name: string }[] }>(call(`${subject.url}/api/v1/squads`, demoKey));
    const demoSquad = squads.items.find((squad) => squad.name === 'Demo Squad')!;
    const chain = await json<{ levels: { rule: { responderRole: string }; responders: { name?: string }[]; why: { source: string } }[] }>(
      call(`${subject.url}/api/v1/squads/${demoSquad.id}/routing/chain?askerRole=backend_developer`, demoKey),
    );
    expect(chain.levels.map((level) => level.rule.responderRole)).toEqual(['tech_lead', 'solution_architect', 'project_manager']);
    expect(chain.levels[0].responders.map((member) => member.name)).toEqual(['Tess Lead']);
    expect(chain.levels[0].why.source).toBe('squad');
  });

  it('installs the templates in every organization, and repeating changes nothing', async () => {
    const other = await subject.app.get(TenancyService).createOrganization('Late Org', 'team');
    const seeder = subject.app.get(OrganizationContentSeeder);
    // Another test of this file may have created (and seeded) an organization before this one runs.
    expect(await seeder.seedAll()).toEqual(
      expect.arrayContaining([
        { organizationId: DEMO_ORGANIZATION_ID, installed: 0, alreadyPresent: templateCount },
        { organizationId: other.organizationId, installed: templateCount, alreadyPresent: 0 },
      ]),
    );
    const again = await seeder.seedAll();
    expect(again.length).toBeGreaterThanOrEqual(2);
    expect(again.filter((seeded) => seeded.installed !== 0)).toEqual([]);
    const page = await json<{ items: unknown[] }>(call(`${subject.url}/api/v1/agents?status=published&limit=100`, other.adminKey));
    expect(page.items).toHaveLength(templateCount);
  });

  it('is what `npm run seed` runs (the seed command of the CLI)', async () => {
    const newcomer = await subject.app.get(TenancyService).createOrganization('Newcomer', 'free');
    const { stdout } = await run(process.execPath, ['dist/src/cli.js', 'seed'], {
      env: { ...process.env, DATABASE_URL: subject.database.url, DEMO_ORGANIZATION: 'false', LOG_LEVEL: 'error' },
    });
    expect(stdout).toContain(`organization ${newcomer.organizationId}: ${templateCount} agent templates installed, 0 already present`);
    expect(stdout).toContain(`organization ${DEMO_ORGANIZATION_ID}: 0 agent templates installed, ${templateCount} already present`);
  });
});
