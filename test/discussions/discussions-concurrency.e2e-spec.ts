import pg from 'pg';
import { withLlmEnv } from '../support/llm-env.js';
import type { OpenAiTestServer } from '../support/openai-test-server.js';
import { call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { discussionClient, oneTo, spokenTurns, streamOf } from './support/discussion-client.js';
import { chatRequests, discussionModelEnv, promptOf, startDiscussionModel } from './support/discussion-model.js';

/** Long enough for five posts to land while the agent's turn is still being written. */
const SLOW_TURN_MS = 3_000;

/** People write into a discussion while agents take their turns: nothing is lost, nothing doubled. */
describe('discussions under concurrent writes', () => {
  let subject: TestApp;
  let db: pg.Pool;
  let model: OpenAiTestServer;

  beforeAll(async () => {
    model = await startDiscussionModel();
    subject = await withLlmEnv(discussionModelEnv(model), () =>
      startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20', RATE_LIMIT_PER_MINUTE: '100000' }),
    );
    db = new pg.Pool({ connectionString: subject.database.url, max: 2 });
  });
  afterEach(() => model.discardScripted());
  afterAll(async () => {
    await db.end();
    await subject.close();
    await model.close();
  });

  const api = async () => {
    const tenant = await createTenant(subject.app);
    return discussionClient(() => subject.url, tenant.keys.operator);
  };
  const chats = () => chatRequests(model).length;

  it('five messages posted at once during an agent turn are all in the thread, the turn is spoken once, and the next turn hears them', async () => {
    const client = await api();
    const discussion = await client.open('Choose how we roll out single sign-on to our internal tools this quarter');
    await client.until(discussion.id, (d) => d.state === 'awaiting_user', 'the first question to the user');
    const before = chats();
    model.enqueue({ delayMs: SLOW_TURN_MS }); // turn 2 is slow
    await client.answerQuestion(discussion.id);
    await until(
      async () => chats(),
      (n) => n === before + 1,
      'turn 2 to reach the model',
    );

    const texts = [1, 2, 3, 4, 5].map((n) => `Constraint ${n}: contractors keep their own accounts`);
    const posted = await Promise.all(texts.map((text) => client.post(discussion.id, { text })));
    expect(posted.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(spokenTurns(await streamOf(db, discussion.id))).toEqual([1]); // the turn was still being written

    await until(
      () => streamOf(db, discussion.id),
      (events) => spokenTurns(events).includes(2),
      'turn 2 to be spoken',
    );
    const messages = await client.messages(discussion.id);
    const userMessages = messages.filter((m) => m.kind === 'user');
    expect(userMessages.map((m) => m.text).sort()).toEqual([...texts].sort());
    // Turn 2 was decided again on the thread as it stood when it was appended: after the five, threaded under the last.
    const events = await streamOf(db, discussion.id);
    const turn2 = events.filter((e) => e.type === 'AgentSpoke' && e.data.turn === 2);
    expect(turn2).toHaveLength(1);
    const posts = events.filter((e) => e.type === 'UserMessagePosted');
    expect(posts).toHaveLength(5);
    expect(posts.every((post) => post.version < turn2[0].version)).toBe(true);
    expect(turn2[0].data.parentId).toBe(posts.at(-1)?.data.messageId);

    const done = await client.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete', 30_000);
    const turns = spokenTurns(await streamOf(db, discussion.id));
    expect(turns).toEqual(oneTo(turns.length));
    expect(done.turnsTaken).toBe(turns.length);
    // The agents who spoke after the posts were shown them.
    const turn3 = chatRequests(model).slice(before + 1)[0];
    for (const text of texts) expect(promptOf(turn3)).toContain(text);
  }, 60_000);

  it('a turn that finishes after a pause and asks the user leaves the discussion paused, in the list as in the detail', async () => {
    const tenant = await createTenant(subject.app);
    const client = discussionClient(() => subject.url, tenant.keys.operator);
    const before = chats();
    model.enqueue({ delayMs: SLOW_TURN_MS }); // turn 1, the first speaker's question, is slow
    const discussion = await client.open('Decide where the audit logs are kept');
    await until(
      async () => chats(),
      (n) => n === before + 1,
      'turn 1 to reach the model',
    );
    expect((await client.action(discussion.id, 'pause')).status).toBe(200);
    await until(
      () => streamOf(db, discussion.id),
      (events) => events.some((e) => e.type === 'UserQuestionAsked'),
      'the question',
    );
    expect((await client.get(discussion.id)).state).toBe('paused');
    const listed = await json<{ items: { id: string; state: string }[] }>(
      call(`${subject.url}/api/v1/discussions?state=paused`, tenant.keys.operator),
    );
    expect(listed.items.map((d) => [d.id, d.state])).toEqual([[discussion.id, 'paused']]);
    // Resumed, it waits for the answer, in the list too.
    expect((await client.action(discussion.id, 'resume')).status).toBe(200);
    const waiting = await json<{ items: { id: string }[] }>(
      call(`${subject.url}/api/v1/discussions?state=awaiting_user`, tenant.keys.operator),
    );
    expect(waiting.items.map((d) => d.id)).toEqual([discussion.id]);
  }, 60_000);

  it('two pauses at once: one pauses (200), the other finds it paused (409 illegal-discussion-transition); one DiscussionPaused is stored', async () => {
    const client = await api();
    const discussion = await client.open('Pick a message queue for billing events');
    const responses = await Promise.all([client.action(discussion.id, 'pause'), client.action(discussion.id, 'pause')]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    expect(((await refused.json()) as { type: string }).type).toMatch(/\/problems\/illegal-discussion-transition$/);
    const events = await streamOf(db, discussion.id);
    expect(events.filter((e) => e.type === 'DiscussionPaused')).toHaveLength(1);
    expect((await client.get(discussion.id)).state).toBe('paused');

    // Resumed once, it goes on to the end.
    const resumed = await Promise.all([client.action(discussion.id, 'resume'), client.action(discussion.id, 'resume')]);
    expect(resumed.map((response) => response.status).sort()).toEqual([200, 409]);
    await client.answerQuestion(discussion.id);
    await client.until(discussion.id, (d) => d.state === 'completed', 'the discussion to complete', 30_000);
    const after = await streamOf(db, discussion.id);
    expect(after.filter((e) => e.type === 'DiscussionResumed')).toHaveLength(1);
    const turns = spokenTurns(after);
    expect(turns).toEqual(oneTo(turns.length));
  }, 60_000);
});
