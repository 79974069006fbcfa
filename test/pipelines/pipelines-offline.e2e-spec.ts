import pg from 'pg';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-runner.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { pipelinesClient } from './support.js';

/** With no provider the offline model answers every phase's schema from the prompt, so a run completes. */
describe('pipelines offline', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof pipelinesClient>;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    tenant = await createTenant(subject.app, 'Offline');
    api = pipelinesClient(subject.url, tenant.keys.admin);
  });
  afterAll(async () => {
    await subject?.close();
  });

  it('runs all seven phases, through a gate, with outputs built from the request and the earlier phases', async () => {
    const created = await api.start({ featureRequest: 'Invoice export for accountants', approvalGates: ['why'], squadId: tenant.squadId });
    await api.until(created.id, (p) => p.status === 'waiting_for_approval', 'the why gate');
    expect((await api.act(created.id, 'approve', { phase: 'why' })).status).toBe(200);
    const done = await api.until(created.id, (p) => p.status === 'completed', 'the offline run');
    const output = (phase: string) => done.phases.find((p) => p.phase === phase)!.output!;
    expect(output('why')).toMatchObject({ verdict: 'proceed', problem: expect.stringContaining('nvoice export for accountants') });
    const steps = output('plan').buildSteps as string[];
    expect(steps.length).toBeGreaterThan(0);
    expect(output('research').chosenApproach).toEqual(output('plan').approach);
    expect(output('build').completedSteps).toEqual(steps);
    expect(output('test')).toMatchObject({ passed: true });
    expect(output('review')).toMatchObject({ approved: true });
    expect(output('retrospective')).toMatchObject({ surprises: 'The build followed the plan', spikeAccuracy: null });
    expect(done.scopeCreepFlagged).toBe(false);
    expect(done.agentLogs!.every((log) => log.success)).toBe(true);
    expect(done.agentLogs!).toHaveLength(7);
  });

  it('rebuilding the pipelines and agent-log projections from position 0 gives the live rows', async () => {
    const created = await api.start({ featureRequest: 'Rebuilt feature', phases: [{ phase: 'why' }, { phase: 'plan' }] });
    await api.until(created.id, (p) => p.status === 'completed', 'the run');
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    try {
      const rows = async () => ({
        pipelines: (await db.query(`SELECT * FROM pipelines ORDER BY id`)).rows,
        logs: (await db.query(`SELECT * FROM pipeline_agent_logs ORDER BY id`)).rows,
        deadlines: (await db.query(`SELECT count(*) AS n FROM deadlines WHERE key LIKE 'pipelines:%'`)).rows,
      });
      const live = await rows();
      expect(live.logs.length).toBeGreaterThan(0);
      const rebuilder = subject.app.get(ProjectionRebuilder);
      await rebuilder.rebuild('pipelines');
      await rebuilder.rebuild('pipeline_agent_logs');
      expect(await rows()).toEqual(live);
    } finally {
      await db.end();
    }
  });
});
