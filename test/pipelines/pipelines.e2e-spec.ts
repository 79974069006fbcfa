import pg from 'pg';
import { PROBLEMS } from '../branching/support.js';
import { requestEventCounter } from '../branching/support.js';
import { loopbackModelEnv, withLlmEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { PHASE_OUTPUTS, phaseOf, phaseScripts, pipelinesClient, promptOf } from './support.js';

const FAST = {
  DEMO_ORGANIZATION: 'false',
  DEADLINE_POLL_MS: '20',
  PIPELINE_PHASE_BACKOFF_BASE_MS: '50',
  PIPELINE_PHASE_BACKOFF_MAX_MS: '200',
  PIPELINE_PHASE_MAX_TRIES: '3',
};

/** A pipeline against a model on loopback: repaired, retried, gated, failed and retried by hand, completed, learnt from. */
describe('pipelines with a model', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Client;
  let userEvents: Awaited<ReturnType<typeof requestEventCounter>>;
  let api: ReturnType<typeof pipelinesClient>;
  const scripts = phaseScripts();
  const chatsOf = (phase: string) => server.requests.filter((request) => phaseOf(request) === phase);

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.scriptFor = (request) => scripts.scriptFor(request);
    subject = await withLlmEnv(loopbackModelEnv(server.baseUrl, 'phaser'), () => startTestApp(FAST));
    tenant = await createTenant(subject.app, 'Piped');
    api = pipelinesClient(subject.url, tenant.keys.operator);
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    userEvents = await requestEventCounter(subject);
  });
  afterEach(() => scripts.clear());
  afterAll(async () => {
    await userEvents?.close();
    await db?.end();
    await subject?.close();
    await server?.close();
  });

  it('runs every phase through a repair, a retried model error, a gate and a failed phase retried by hand; the next run learns from it', async () => {
    // Scripted before the write that arms the first phase (due at once).
    scripts.script('why', { content: JSON.stringify({ verdict: 'maybe' }) }); // invalid, then repaired by the default answer
    scripts.script('research', { status: 500 }); // a model error, retried after the backoff
    const crept = { ...PHASE_OUTPUTS.build, completedSteps: ['Query invoices', 'Stream rows', 'Add totals', 'Zip it'] };
    scripts.script('build', { content: JSON.stringify(crept) });
    const broken = JSON.stringify({ testsWritten: 'many' });
    scripts.script('test', { content: broken }, { content: broken }); // invalid after the repair: the phase fails
    const created = await api.start({
      featureRequest: 'Export invoices as CSV for the accounting team',
      approvalGates: ['plan'],
      estimate: { sessions: 4, complexity: 5 },
    });
    expect(created).toMatchObject({
      status: 'running',
      currentPhase: 'why',
      estimate: { sessions: 4, complexity: 5, correctionFactor: null, adjustedSessions: 4 },
    });
    expect(created.phases.map((phase) => [phase.phase, phase.agent.slug])).toEqual([
      ['why', 'pipeline-why'],
      ['research', 'pipeline-research'],
      ['plan', 'pipeline-architect'],
      ['build', 'pipeline-builder'],
      ['test', 'pipeline-tester'],
      ['review', 'pipeline-reviewer'],
      ['retrospective', 'pipeline-retrospective'],
    ]);

    const gated = await api.until(created.id, (p) => p.status === 'waiting_for_approval', 'the plan gate');
    expect(gated.waitingGate).toBe('plan');
    expect(gated.phases.map((phase) => phase.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(gated.phases[1]).toMatchObject({ attempts: 1, failedTries: 1 });

    // Refusals append nothing.
    const before = await userEvents.count();
    const notWaiting = await api.act(created.id, 'approve', { phase: 'why' });
    expect(notWaiting.status).toBe(409);
    expect(await notWaiting.json()).toMatchObject({ type: `${PROBLEMS}gate-not-waiting`, waitingGate: 'plan' });
    const notFailed = await api.act(created.id, 'phases/plan/retry');
    expect(notFailed.status).toBe(409);
    expect(await notFailed.json()).toMatchObject({ type: `${PROBLEMS}phase-not-failed` });
    expect((await api.act(created.id, 'approve', { phase: 'plan' }, tenant.keys.agent)).status).toBe(403);
    expect(await userEvents.count()).toBe(before);

    expect((await api.act(created.id, 'approve', { phase: 'plan', note: 'Go' })).status).toBe(200);
    const failed = await api.until(created.id, (p) => p.status === 'failed', 'the test phase to fail');
    expect(failed.currentPhase).toBe('test');
    expect(failed.phases[4].failure?.reason).toMatch(/^invalid output after one repair/);
    expect(failed.scopeCreepFlagged).toBe(true);
    expect(failed.scopeCreep).toMatchObject({ plannedSteps: 2, completedSteps: 4 });

    expect((await api.act(created.id, 'phases/test/retry')).status).toBe(200);
    const done = await api.until(created.id, (p) => p.status === 'completed', 'the run to complete');
    expect(done.phases.every((phase) => phase.status === 'completed')).toBe(true);
    expect(done.phases[4]).toMatchObject({ attempts: 2, output: PHASE_OUTPUTS.test });
    expect(done.phases[0].output).toEqual(PHASE_OUTPUTS.why);
    expect(done.estimateVsActual.actualSessions).toBe(8);
    expect(done.tokens.input).toBeGreaterThan(0);
    expect(done.currentPhase).toBeNull();

    // The prompts carried the persona, the request and every earlier output.
    const planPrompt = promptOf(chatsOf('plan')[0]);
    expect(planPrompt).toContain('Feature request: Export invoices as CSV for the accounting team');
    const earlier = (phase: string) =>
      JSON.parse(new RegExp(`^Earlier phase ${phase}: (.*)$`, 'm').exec(planPrompt)?.[1] ?? 'null') as unknown;
    expect(earlier('why')).toEqual(PHASE_OUTPUTS.why);
    expect(earlier('research')).toEqual(PHASE_OUTPUTS.research);
    expect(promptOf(chatsOf('why')[0])).toContain('You are the Why Analyst');
    expect(chatsOf('why')).toHaveLength(2); // the answer and its repair
    expect(chatsOf('research')).toHaveLength(2); // the 500 and the retry
    expect(promptOf(chatsOf('retrospective')[0])).toContain('Earlier phase review:');

    // One agent log per attempt and per failed try; the slow-agent statistics over them.
    const logs = done.agentLogs!;
    expect(logs.map((log) => [log.phase, log.attempt, log.success])).toEqual([
      ['why', 1, true],
      ['research', 1, false],
      ['research', 1, true],
      ['plan', 1, true],
      ['build', 1, true],
      ['test', 1, false],
      ['test', 2, true],
      ['review', 1, true],
      ['retrospective', 1, true],
    ]);
    expect(logs[0]).toMatchObject({ agent: { slug: 'pipeline-why', version: '1.0.0' }, action: 'analyze' });
    expect(logs[1].error).toContain('500');
    const failures = await api.logs(`?pipelineId=${created.id}&success=false`);
    expect(failures.items.map((log) => log.phase)).toEqual(['research', 'test']);
    const byAgent = await api.logs(`?agent=pipeline-tester&limit=1`);
    expect(byAgent.items).toHaveLength(1);
    expect(byAgent.nextCursor).not.toBeNull();
    const statistics = await api.statistics();
    expect(statistics.agents.map((row) => row.agent).sort()).toEqual([
      'pipeline-architect',
      'pipeline-builder',
      'pipeline-research',
      'pipeline-retrospective',
      'pipeline-reviewer',
      'pipeline-tester',
      'pipeline-why',
    ]);
    expect(statistics.agents.find((row) => row.agent === 'pipeline-tester')).toMatchObject({ calls: 2 });

    const exported = await api.export(created.id);
    expect(exported.status).toBe(200);
    const body = (await exported.json()) as { exportVersion: number; pipeline: { phases: { output: unknown }[]; agentLogs: unknown[] } };
    expect(body.exportVersion).toBe(1);
    expect(body.pipeline.phases.map((phase) => phase.output)).toEqual(Object.values({ ...PHASE_OUTPUTS, build: crept }));
    expect(body.pipeline.agentLogs).toHaveLength(9);
    expect((await api.list('?status=completed')).items.map((p) => p.id)).toContain(created.id);
    expect((await api.list('?status=running')).items.map((p) => p.id)).not.toContain(created.id);

    // The run was handed to the learning records; the next similar request hears of its failure and estimate.
    await until(
      async () =>
        (await db.query(`SELECT 1 FROM deadlines WHERE key = $1 AND status = 'done'`, [`pipelines:record-run:${created.id}`])).rowCount,
      (n) => n === 1,
      'the run recorded',
    );
    // Its gate after why holds it there, so it is still cancellable below however fast the model answers.
    const next = await api.start({
      featureRequest: 'Export invoices as CSV for the auditors',
      estimate: { sessions: 2, complexity: 3 },
      approvalGates: ['why'],
    });
    expect(next.estimate).toEqual({ sessions: 2, complexity: 3, correctionFactor: 2, adjustedSessions: 4 });
    await api.until(next.id, (p) => p.phases[0].status === 'completed', 'the next why');
    const whyPrompt = promptOf(chatsOf('why').at(-1)!);
    expect(whyPrompt).toMatch(
      /^Past failure: Export invoices as CSV for the accounting team — approach: Streamed CSV — why it failed: test \(attempt 1\) failed: invalid output/m,
    );
    expect(whyPrompt).toContain('Correction factor: 2');
    expect((await api.act(next.id, 'cancel', { reason: 'enough' })).status).toBe(200);
    expect((await api.get(next.id)).status).toBe('cancelled');
    const completedCancel = await api.act(created.id, 'cancel');
    expect(completedCancel.status).toBe(409);
    expect(await completedCancel.json()).toMatchObject({ type: `${PROBLEMS}pipeline-finished` });
  }, 60_000);

  it('a pause holds the next phase until resumed', async () => {
    scripts.script('why', { delayMs: 400, content: JSON.stringify(PHASE_OUTPUTS.why) });
    const created = await api.start({ featureRequest: 'Dark mode', phases: [{ phase: 'why' }, { phase: 'plan' }] });
    expect((await api.act(created.id, 'pause')).status).toBe(200);
    const held = await api.until(created.id, (p) => p.phases[0].status === 'completed', 'the why, paused');
    expect(held).toMatchObject({ status: 'paused', currentPhase: 'plan' });
    expect(held.phases[1].status).toBe('pending');
    const resumed = await api.act(created.id, 'resume');
    expect(resumed.status).toBe(200);
    await api.until(created.id, (p) => p.status === 'completed', 'the run after the resume');
  });

  it('refuses bad input with problem+json and appends nothing', async () => {
    const before = await userEvents.count();
    const unknown = await api.create({ featureRequest: 'X', phases: [{ phase: 'why', agent: 'no-such-agent' }] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ type: `${PROBLEMS}phase-agent-not-published`, agent: 'no-such-agent', agentStatus: null });
    for (const estimate of [
      { sessions: 0, complexity: 3 },
      { sessions: -2, complexity: 3 },
      { sessions: 2, complexity: 11 },
    ]) {
      const response = await api.create({ featureRequest: 'X', estimate });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ type: `${PROBLEMS}validation` });
    }
    expect((await api.create({ featureRequest: 'X', phases: [{ phase: 'why' }, { phase: 'why' }] })).status).toBe(400);
    expect((await api.create({ featureRequest: 'X', phases: [{ phase: 'deploy' }] })).status).toBe(400);
    expect((await api.create({ featureRequest: 'X', approvalGates: ['nope'] })).status).toBe(400);
    expect(await userEvents.count()).toBe(before);
  });
});
