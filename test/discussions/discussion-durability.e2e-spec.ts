import pg from 'pg';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/platform/config/app-config.js';
import { type ChildApp, startChildApp } from '../conversations/support/child-app.js';
import type { OpenAiTestServer } from '../support/openai-test-server.js';
import { createTenant } from '../support/tenant.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';
import { discussionClient, oneTo, spokenTurns, streamOf } from './support/discussion-client.js';
import { chatRequests, discussionModelEnv, promptOf, startDiscussionModel } from './support/discussion-model.js';

/** Longer than the deadline lease (3 s) plus a poll: a step a dead process held has been claimed again by then. */
const LEASE_LAPSE_MS = 4_500;
/** The model answers a hung request only long after the test has killed the process that sent it. */
const HANG_MS = 120_000;

/**
 * Each agent turn is a durable step: a process killed during a turn, while paused, or while a
 * question waits for the user leaves the discussion to the next process, which finishes it with
 * every turn taken once.
 */
describe('discussions survive a SIGKILL', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let model: OpenAiTestServer;
  let operatorKey: string;
  const apps: ChildApp[] = [];
  let current: ChildApp | undefined;

  const start = async () => {
    current = await startChildApp(database.url, { DEADLINE_POLL_MS: '20', RATE_LIMIT_PER_MINUTE: '100000', ...discussionModelEnv(model) });
    apps.push(current);
    return current;
  };
  const client = () => discussionClient(() => current!.url, operatorKey);
  const chats = () => chatRequests(model).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    model = await startDiscussionModel();
    // The organization is made by an app in this process, which then stops: only the child processes run deadlines.
    const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', PORT: '0', DATABASE_URL: database.url });
    const setup = await createApp({ config, databaseUrl: database.url });
    await setup.init();
    try {
      operatorKey = (await createTenant(setup)).keys.operator;
    } finally {
      await setup.close();
    }
  });
  afterEach(async () => {
    model.discardScripted();
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db.end();
    await model.close();
    await database.drop();
  });

  it('killed while an agent writes its turn: after a restart that turn is asked again once and the discussion completes with turns 1…n, each once', async () => {
    const first = await start();
    const api = client();
    const discussion = await api.open('Choose how we roll out single sign-on to our internal tools this quarter');
    await api.until(discussion.id, (d) => d.state === 'awaiting_user', 'the first question to the user');
    expect(chats()).toBe(1);
    // Turn 2 answers at once; turn 3's model call hangs until the process is gone.
    model.enqueue({}, { delayMs: HANG_MS });
    await api.answerQuestion(discussion.id);
    await until(
      async () => chats(),
      (n) => n === 3,
      'turn 3 to reach the model',
    );
    const killedPrompt = promptOf(chatRequests(model)[2]);
    expect(killedPrompt).toContain('Phase: initialization');
    await first.kill();
    expect(spokenTurns(await streamOf(db, discussion.id))).toEqual([1, 2]);

    model.discardScripted();
    await start();
    const done = await api.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete after the restart', 60_000);
    await sleep(300); // a doubled turn would land now
    const events = await streamOf(db, discussion.id);
    const turns = spokenTurns(events);
    expect(turns).toEqual(oneTo(turns.length));
    expect(done.turnsTaken).toBe(turns.length);
    expect(turns.length).toBeGreaterThanOrEqual(10); // initialization, exploration and the vote: 5 turns each at least
    // The killed turn was asked twice (before and after the crash) and spoken once; no other turn was asked twice.
    const prompts = chatRequests(model).map(promptOf);
    expect(prompts.filter((prompt) => prompt === killedPrompt)).toHaveLength(2);
    expect(new Set(prompts).size).toBe(prompts.length - 1);
    expect(events.filter((e) => e.type === 'AgentSpoke' && e.data.turn === 3)).toHaveLength(1);
    // Every turn came from the loopback model: no fallback stood in for a request the test counts.
    expect(new Set(events.filter((e) => e.type === 'AgentSpoke').map((e) => e.data.provider))).toEqual(new Set(['loopback']));
    const steps = await db.query<{ key: string; status: string; attempts: number }>(
      `SELECT key, status, attempts FROM deadlines WHERE key LIKE $1 ORDER BY id`,
      [`discussion:${discussion.id}:turn:3:%`],
    );
    expect(steps.rows).toEqual([{ key: expect.stringMatching(/:turn:3:\d+$/), status: 'done', attempts: 2 }]);
    expect(events.filter((e) => e.type === 'DiscussionConcluded')).toHaveLength(1);
  }, 120_000);

  it('paused during a turn and killed: after a restart no turn is taken while paused; resumed, it completes with turns 1…n, each once', async () => {
    const first = await start();
    const api = client();
    const discussion = await api.open('Pick a message queue for billing events');
    await api.until(discussion.id, (d) => d.state === 'awaiting_user', 'the first question to the user');
    const before = chats();
    model.enqueue({ delayMs: HANG_MS }); // turn 2 hangs
    await api.answerQuestion(discussion.id);
    await until(
      async () => chats(),
      (n) => n === before + 1,
      'turn 2 to reach the model',
    );
    expect((await api.action(discussion.id, 'pause')).status).toBe(200);
    await first.kill();

    model.discardScripted();
    await start();
    expect((await api.get(discussion.id)).state).toBe('paused');
    await sleep(LEASE_LAPSE_MS); // the dead process's turn-2 step is claimed again meanwhile, and finds the discussion paused
    const paused = await streamOf(db, discussion.id);
    expect(spokenTurns(paused)).toEqual([1]);
    expect(paused.at(-1)?.type).toBe('DiscussionPaused');
    expect(chats()).toBe(before + 1); // nobody asked the model for a turn while paused
    const stale = await db.query<{ status: string }>(`SELECT status FROM deadlines WHERE key LIKE $1`, [
      `discussion:${discussion.id}:turn:2:%`,
    ]);
    expect(stale.rows).toEqual([{ status: 'done' }]);

    expect((await api.action(discussion.id, 'resume')).status).toBe(200);
    await api.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete after resuming', 60_000);
    const turns = spokenTurns(await streamOf(db, discussion.id));
    expect(turns).toEqual(oneTo(turns.length));
  }, 120_000);

  it('killed while a question waits for the user: after a restart the question is still pending, and answering it lets the discussion complete', async () => {
    const first = await start();
    const api = client();
    const discussion = await api.open('Decide where the team offsite takes place');
    const asked = await api.until(discussion.id, (d) => d.state === 'awaiting_user', 'the first question to the user');
    await first.kill();

    await start();
    await sleep(LEASE_LAPSE_MS);
    const waiting = await api.get(discussion.id);
    expect(waiting.state).toBe('awaiting_user');
    expect(waiting.pendingQuestion).toEqual(asked.pendingQuestion);
    expect(spokenTurns(await streamOf(db, discussion.id))).toEqual([1]);
    await api.answerQuestion(discussion.id);
    await api.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete after the answer', 60_000);
    const events = await streamOf(db, discussion.id);
    expect(events.filter((e) => e.type === 'UserQuestionAnswered')).toHaveLength(1);
    const turns = spokenTurns(events);
    expect(turns).toEqual(oneTo(turns.length));
  }, 120_000);

  it('killed while a question waits and its timeout falls due while no process runs: after a restart the assumption is made once and the discussion completes', async () => {
    const first = await start();
    const api = client();
    const discussion = await api.open('Choose a naming scheme for our staging environments', {
      userQuestionTimeoutSeconds: 2,
      onUnansweredQuestion: 'assume',
    });
    await api.until(discussion.id, (d) => d.state === 'awaiting_user', 'the first question to the user');
    await first.kill();
    await sleep(2_500); // the question's timeout falls due while no process runs
    expect((await streamOf(db, discussion.id)).some((e) => e.type === 'AssumptionMade')).toBe(false);

    await start();
    await api.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete on the assumption', 60_000);
    const events = await streamOf(db, discussion.id);
    expect(events.filter((e) => e.type === 'AssumptionMade')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'UserQuestionAnswered')).toHaveLength(0);
    const turns = spokenTurns(events);
    expect(turns).toEqual(oneTo(turns.length));
  }, 120_000);
});
