import { loopbackModelEnv } from '../support/llm-env.js';
import pg from 'pg';
import { type ChildApp, prepareSquad, startChildApp } from '../conversations/support/child-app.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';
import { branchingClient } from './support.js';

const SUMMARY = { tried: ['dig MX mail.example.com'], concluded: 'The MX record is correct', artifacts: ['dig output'] };

/** The branch summary step is durable: a process killed during the model call summarizes after a restart, once. */
describe('branch summaries survive a crash', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let server: OpenAiTestServer;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    server = await startOpenAiTestServer();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
    await database.drop();
  });

  const env = () => ({
    DEADLINE_POLL_MS: '20',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...loopbackModelEnv(server.baseUrl, 'branch-model'),
  });
  const summaryOf = async (branchId: string) =>
    (await db.query<{ summary: unknown }>('SELECT summary FROM branching_branches WHERE id = $1', [branchId])).rows[0]?.summary ?? null;
  const chats = () => server.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

  it('killed with SIGKILL while summarizing: the reply was already given, and after a restart the summary is written once', async () => {
    const { adminKey } = await prepareSquad(database.url);
    const first = await startChildApp(database.url, env());
    apps.push(first);
    const api = branchingClient(first.url, adminKey);
    const session = await api.start('Mail is down');
    const before = chats();
    // The reply comes at once; the summary call hangs until the process is killed.
    server.enqueue({ content: 'Check the MX record.' }, { delayMs: 60_000, content: JSON.stringify(SUMMARY) });
    const exchange = await api.say(session.id, session.rootBranchId, 'dig MX shows mail.example.com');
    expect(exchange.reply.text).toBe('Check the MX record.');
    await until(
      async () => chats(),
      (n) => n >= before + 2,
      'the summary call to start',
    );
    await first.kill();
    expect(await summaryOf(session.rootBranchId)).toBeNull();

    server.discardScripted();
    server.enqueue({ content: JSON.stringify(SUMMARY) });
    const second = await startChildApp(database.url, env());
    apps.push(second);
    await until(
      () => summaryOf(session.rootBranchId),
      (summary) => summary !== null,
      'the summary after the restart',
      20_000,
    );
    await sleep(300); // a doubled firing would land now
    expect(await summaryOf(session.rootBranchId)).toEqual(SUMMARY);
    const updates = await db.query(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'BranchSummaryUpdated'`, [
      `branching_session-${session.id}`,
    ]);
    expect(updates.rowCount).toBe(1);
    expect((await branchingClient(second.url, adminKey).get(session.id)).branches[0]).toMatchObject({ summary: SUMMARY });
  }, 60_000);
});
