import type { TestingModule } from '@nestjs/testing';
import { Database } from '../../src/platform/database/database.js';
import { NotFoundError } from '../../src/platform/decider/decider.js';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-runner.js';
import { AgentDefinitionsQueries } from '../../src/registry/application/agent-definitions.queries.js';
import { AgentDefinitionsService } from '../../src/registry/application/agent-definitions.service.js';
import { AgentTemplatesService } from '../../src/registry/application/agent-templates.service.js';
import { EventIntakeService } from '../../src/registry/application/event-intake.service.js';
import { EventRoutingQueries } from '../../src/registry/application/event-routing.queries.js';
import { DuplicateAgentVersionError } from '../../src/registry/domain/agent-definition.errors.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { agentSpec } from './agent-spec.fixture.js';
import { runningAgent, tenantContext } from './registry-fixtures.js';
import { bootRegistry } from './registry-test-context.js';

describe('agent definitions and intake read models', () => {
  let database: TestDatabase;
  let module: TestingModule;
  let definitions: AgentDefinitionsService;
  let queries: AgentDefinitionsQueries;
  const tenant = 'tenant-defs';
  const context = tenantContext(tenant);

  beforeAll(async () => {
    database = await createTestDatabase();
    module = await bootRegistry(database.url);
    definitions = module.get(AgentDefinitionsService);
    queries = module.get(AgentDefinitionsQueries);
    await module.get(AgentTemplatesService).install(context);
  });
  afterAll(async () => {
    await module.close();
    await database.drop();
  });

  const slugsOf = async (search: Parameters<AgentDefinitionsQueries['search']>[1]) =>
    (await queries.search(tenant, search)).items.map((item) => item.slug);

  it('installs every template as a published agent, once', async () => {
    const page = await queries.search(tenant, { after: 0, limit: 100 });
    expect(page.items).toHaveLength(16);
    expect(page.items.every((item) => item.status === 'published')).toBe(true);
    const again = await module.get(AgentTemplatesService).install(context, ['qa-manager']);
    expect(again).toEqual([{ slug: 'qa-manager', version: '1.0.0', installed: false }]);
  });

  it('searches by name, role, skill and text, and pages with a cursor', async () => {
    expect(await slugsOf({ name: 'architect', after: 0, limit: 10 })).toEqual(['pipeline-architect', 'technical-architect']);
    expect((await slugsOf({ role: 'solution_architect', after: 0, limit: 10 })).sort()).toEqual([
      'pipeline-architect',
      'technical-architect',
    ]);
    expect(await slugsOf({ skill: 'incident-triage', after: 0, limit: 10 })).toEqual(['qa-manager']);
    expect(await slugsOf({ text: 'reproduction steps', after: 0, limit: 10 })).toEqual(
      expect.arrayContaining(['explorer', 'pipeline-tester']),
    );
    const first = await queries.search(tenant, { after: 0, limit: 10 });
    expect(first.nextCursor).not.toBeNull();
    const rest = await queries.search(tenant, {
      after: JSON.parse(Buffer.from(first.nextCursor ?? '', 'base64url').toString()).a,
      limit: 10,
    });
    expect(rest.items).toHaveLength(6);
    expect(rest.nextCursor).toBeNull();
  });

  it('keeps the highest published version current while a newer draft exists, and lists versions', async () => {
    // An organization of its own: the other tests read the shipped qa-manager unchanged.
    const versioned = tenantContext('tenant-versions');
    await module.get(AgentTemplatesService).install(versioned, ['qa-manager']);
    await definitions.registerSpec(versioned, agentSpec({ slug: 'qa-manager', version: '1.1.0', name: 'QA Manager Next' }));
    expect((await queries.get('tenant-versions', 'qa-manager')).version).toBe('1.0.0');
    expect((await queries.get('tenant-versions', 'qa-manager', '1.1.0')).status).toBe('draft');
    expect((await queries.versions('tenant-versions', 'qa-manager')).map((v) => [v.version, v.status])).toEqual([
      ['1.1.0', 'draft'],
      ['1.0.0', 'published'],
    ]);
    await definitions.publish(versioned, 'qa-manager', '1.1.0');
    await definitions.deprecate(versioned, 'qa-manager', '1.0.0', 'replaced');
    expect((await queries.get('tenant-versions', 'qa-manager')).version).toBe('1.1.0');
    await expect(definitions.registerSpec(versioned, agentSpec({ slug: 'qa-manager', version: '1.1.0' }))).rejects.toThrow(
      DuplicateAgentVersionError,
    );
  });

  it('exports a template exactly as shipped', async () => {
    const [explorer] = (await module.get(AgentTemplatesService).list()).filter((t) => t.spec.slug === 'explorer');
    expect(await queries.exportYaml(tenant, 'explorer')).toBe(explorer.yaml);
  });

  it('imports YAML and deletes the draft again', async () => {
    const yaml = (await queries.exportYaml(tenant, 'executor')).replace('version: 1.0.0', 'version: 2.0.0-beta.1');
    expect(await definitions.importYaml(context, yaml)).toMatchObject({ slug: 'executor', version: '2.0.0-beta.1', status: 'draft' });
    expect(await definitions.deleteDraft(context, 'executor', '2.0.0-beta.1')).toMatchObject({ status: 'deleted' });
    await expect(queries.get(tenant, 'executor', '2.0.0-beta.1')).rejects.toThrow(NotFoundError);
  });

  it('hides one tenant’s agents from another', async () => {
    expect((await queries.search('tenant-other', { after: 0, limit: 10 })).items).toEqual([]);
    await expect(queries.get('tenant-other', 'qa-manager')).rejects.toThrow(NotFoundError);
  });

  it('counts routed and unhandled events per type', async () => {
    const intakeContext = tenantContext('tenant-intake');
    await runningAgent(module, intakeContext, { triggers: [{ eventType: 'deploy.*', filter: { env: 'prod' } }] });
    const intake = module.get(EventIntakeService);
    const routed = await intake.receive(intakeContext, {
      eventId: 'e-1',
      type: 'deploy.finished',
      payload: { env: 'prod' },
      priority: 'HIGH',
    });
    expect(routed.executions).toHaveLength(1);
    expect(
      await intake.receive(intakeContext, { eventId: 'e-1', type: 'deploy.finished', payload: { env: 'prod' }, priority: 'HIGH' }),
    ).toMatchObject({
      accepted: false,
    });
    await intake.receive(intakeContext, { type: 'deploy.finished', payload: { env: 'dev' }, priority: 'LOW' });
    await intake.receive(intakeContext, { type: 'alert.fire', payload: {}, priority: 'CRITICAL' });
    const stats = await module.get(EventRoutingQueries).stats('tenant-intake');
    expect(stats).toMatchObject({ received: 3, routed: 1, unhandled: 2 });
    expect(stats.byType.map((row) => [row.eventType, row.received, row.unhandled])).toEqual([
      ['deploy.finished', 2, 1],
      ['alert.fire', 1, 1],
    ]);
    const unhandled = await module.get(EventRoutingQueries).events('tenant-intake', { unhandled: true, after: 0, limit: 10 });
    expect(unhandled.items.map((event) => event.eventType)).toEqual(['deploy.finished', 'alert.fire']);
  });

  it('rebuilds every registry read model to the same rows', async () => {
    const db = module.get(Database);
    const tables = ['registry_agent_versions', 'registry_instances', 'registry_intake_events', 'registry_locks', 'registry_lock_waiters'];
    const snapshot = async () =>
      Promise.all(tables.map((table) => db.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).then((rows) => JSON.stringify(rows))));
    const before = await snapshot();
    for (const name of ['registry.agent_versions', 'registry.instances', 'registry.resource_locks'])
      await module.get(ProjectionRebuilder).rebuild(name);
    expect(await snapshot()).toEqual(before);
  });
});
