import { randomUUID } from 'node:crypto';
import { type FinishedRun, PipelineLearning } from '../../src/learning/index.js';
import { systemContext } from '../../src/platform/decider/command-context.js';
import { eventCounter } from '../support/endpoint-access.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** PipelineLearning as the pipelines module uses it: a finished run recorded (once), its lessons read back. */
describe('pipeline learning', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let learning: PipelineLearning;
  let events: Awaited<ReturnType<typeof eventCounter>>;

  const run = (pipelineId: string): FinishedRun => ({
    pipelineId,
    feature: 'WebSocket notifications for ticket updates',
    retrospective: {
      surprises: 'Sticky sessions were needed',
      wouldChange: 'Start with Redis pub/sub',
      newPatterns: ['pub/sub fan-out'],
      spikeAccuracy: 70,
    },
    estimate: { estimatedSessions: 3, actualSessions: 5, complexity: 7, filesCreated: 4, filesModified: 6 },
    failures: [{ approach: 'Native WebSockets on every replica', whyFailed: 'Scaling issues', lesson: 'Use Redis pub/sub' }],
    decisions: [{ phase: 'research', decision: 'Socket.IO with the Redis adapter', reasoning: 'Replicas share rooms' }],
    patternsUsed: [{ pattern: 'pub/sub fan-out', outcome: 'followed' }],
  });
  const context = (tenantId: string) => systemContext({ tenantId, actor: { kind: 'system', id: 'pipelines' } }, new Date());

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    learning = subject.app.get(PipelineLearning);
    events = await eventCounter(subject);
  });
  afterAll(async () => {
    await events?.close();
    await subject?.close();
  });

  it('records a run once: the second call appends nothing', async () => {
    const pipelineId = randomUUID();
    const before = await events.count();
    await learning.recordRun(context(tenant.organizationId), run(pipelineId));
    const after = await events.count();
    // retrospective, estimate, one failure, one decision, one pattern usage
    expect(after - before).toBe(5);
    await learning.recordRun(context(tenant.organizationId), run(pipelineId));
    expect(await events.count()).toBe(after);
  });

  it('returns what was recorded for a near feature request, and no failures for an unrelated one', async () => {
    const lessons = await learning.lessonsFor(tenant.organizationId, 'Realtime notifications over websockets');
    expect(lessons.failures).toEqual([
      expect.objectContaining({
        feature: 'WebSocket notifications for ticket updates',
        approach: 'Native WebSockets on every replica',
        lesson: 'Use Redis pub/sub',
      }),
    ]);
    expect(lessons.failures[0].similarity).toBeGreaterThan(0.35);
    expect(lessons.retrospectives[0]).toMatchObject({
      wouldChange: 'Start with Redis pub/sub',
      newPatterns: ['pub/sub fan-out'],
      spikeAccuracy: 70,
    });
    expect(lessons.correction).toEqual({ factor: 5 / 3, samples: 1, days: 90 });

    const unrelated = await learning.lessonsFor(tenant.organizationId, 'Invoice PDF export in accounting');
    expect(unrelated.failures).toEqual([]);
  });

  it('keeps one organization’s lessons from another', async () => {
    const lessons = await learning.lessonsFor(other.organizationId, 'WebSocket notifications for ticket updates');
    expect(lessons).toEqual({ failures: [], retrospectives: [], correction: { factor: null, samples: 0, days: 90 } });
  });

  it('leaves out a part that breaks a rule and records the rest', async () => {
    const pipelineId = randomUUID();
    const before = await events.count();
    const broken = run(pipelineId);
    await learning.recordRun(context(tenant.organizationId), {
      ...broken,
      estimate: { ...broken.estimate!, estimatedSessions: 0 },
      failures: [...broken.failures, { approach: '', whyFailed: 'x', lesson: 'y' }],
    });
    // retrospective, the valid failure, decision, pattern usage; not the estimate nor the blank failure
    expect((await events.count()) - before).toBe(4);
  });
});
