import pg from 'pg';
import { MAX_DEADLINE_ATTEMPTS } from '../../src/platform/deadlines/deadline-poller.js';
import { DiscussionTurnDeadlineHandler } from '../../src/discussions/sagas/discussion-turn.deadline-handler.js';
import type { DiscussionTurnPayload } from '../../src/discussions/sagas/discussion-deadlines.projection.js';
import { withLlmEnv } from '../support/llm-env.js';
import type { OpenAiTestServer } from '../support/openai-test-server.js';
import { createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { discussionClient, streamOf } from './support/discussion-client.js';
import { discussionModelEnv, startDiscussionModel } from './support/discussion-model.js';

/**
 * A turn whose model keeps failing: the earlier attempts fail the step (the poller retries it with
 * backoff); the last one pauses the discussion with the reason, so it never sits `running` with no
 * step left, and resuming schedules the turn again. After the poller's own first attempt, the step is
 * fired by hand (its retries would wait an hour) to reach the last attempt without the backoff.
 */
describe('a discussion turn that fails at every attempt', () => {
  let subject: TestApp;
  let db: pg.Pool;
  let model: OpenAiTestServer;

  beforeAll(async () => {
    model = await startDiscussionModel();
    subject = await withLlmEnv({ ...discussionModelEnv(model), LLM_OFFLINE_FALLBACK: 'false' }, () =>
      startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '3600000' }),
    );
    db = new pg.Pool({ connectionString: subject.database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
    await model.close();
  });

  async function fireTurn(discussionId: string, attempt: number): Promise<void> {
    const { rows } = await db.query<{ id: string; key: string; payload: DiscussionTurnPayload; due_at: Date }>(
      `SELECT id, key, payload, due_at FROM deadlines WHERE key LIKE $1 ORDER BY id DESC LIMIT 1`,
      [`discussion:${discussionId}:turn:%`],
    );
    const [step] = rows;
    const tenantId = (await db.query<{ tenant_id: string }>(`SELECT tenant_id FROM discussions WHERE id = $1`, [discussionId])).rows[0]
      .tenant_id;
    await subject.app.get(DiscussionTurnDeadlineHandler).takeTurn({
      id: Number(step.id),
      key: step.key,
      type: 'discussions.turn',
      tenantId,
      dueAt: step.due_at,
      payload: step.payload,
      attempt,
    });
  }

  it('fails the step until the last attempt, which pauses the discussion with why; resume schedules the turn again', async () => {
    const tenant = await createTenant(subject.app);
    const client = discussionClient(() => subject.url, tenant.keys.operator);
    model.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const discussion = await client.open('Choose a backup strategy');
    // The poller fires the turn as soon as it is scheduled; its attempt fails and waits for a retry.
    await until(
      async () =>
        (await db.query<{ attempts: number }>(`SELECT attempts FROM deadlines WHERE key LIKE $1`, [`discussion:${discussion.id}:turn:%`]))
          .rows,
      (rows) => rows.length === 1 && rows[0].attempts >= 1,
      'the first attempt to fail',
    );

    await expect(fireTurn(discussion.id, 2)).rejects.toThrow(/every language-model provider failed/);
    expect((await client.get(discussion.id)).state).toBe('running');

    await fireTurn(discussion.id, MAX_DEADLINE_ATTEMPTS);
    const paused = await client.get(discussion.id);
    expect(paused.state).toBe('paused');
    const notes = (await client.messages(discussion.id)).filter((m) => m.kind === 'system');
    expect(notes.map((m) => m.text)).toEqual([
      expect.stringMatching(/^Paused: turn 1 failed 10 times \(every language-model provider failed/),
    ]);

    expect((await client.action(discussion.id, 'resume')).status).toBe(200);
    const scheduled = (await streamOf(db, discussion.id)).filter((e) => e.type === 'TurnScheduled');
    expect(scheduled.map((e) => [e.data.turn, e.data.schedule])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    // The model answers again: the re-scheduled turn is taken, once.
    const events = await until(
      () => streamOf(db, discussion.id),
      (all) => all.some((e) => e.type === 'AgentSpoke'),
      'the turn to be taken',
    );
    expect(events.filter((e) => e.type === 'AgentSpoke').map((e) => e.data.turn)).toEqual([1]);
  }, 60_000);
});
