import { loopbackModelEnv } from '../support/llm-env.js';
import pg from 'pg';
import { type ChildApp, prepareSquad, startChildApp } from '../conversations/support/child-app.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';
import { type HandoffBody, handoffsClient } from './support.js';

const ASSESSMENT = {
  likelyCause: 'Outbound port 587 is blocked at the firewall',
  suggestedNextSteps: ['Check the outbound rule for 587'],
  confidence: 0.6,
  ruledOut: [],
};

/** The assessment is durable: a process killed during the model call assesses after a restart, once. */
describe('the assessment of an escalation survives a crash', () => {
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
    await db?.end();
    await server?.close();
    await database?.drop();
  });

  const env = () => ({
    DEADLINE_POLL_MS: '20',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...loopbackModelEnv(server.baseUrl, 'assessor'),
    HANDOFF_ASSESSMENT_BACKOFF_BASE_MS: '50',
  });
  const chats = () => server.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
  const assessedEvents = async (sessionId: string) =>
    (
      await db.query<{ data: { attempts: number; model: string } }>(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'HandoffAssessed'`,
        [`branching_session-${sessionId}`],
      )
    ).rows.map((row) => row.data);

  it('killed with SIGKILL while the model answers: the handoff was recorded, and after a restart the assessment arrives once', async () => {
    const { adminKey } = await prepareSquad(database.url);
    const first = await startChildApp(database.url, env());
    apps.push(first);
    const api = handoffsClient(first.url, adminKey);
    const session = await api.sessions.start('Mail is down');
    const before = chats();
    // Scripted before the handoff (its first try is due at once): the call hangs until the process is killed.
    server.enqueue({ delayMs: 60_000, content: JSON.stringify(ASSESSMENT) });
    const response = await api.handOff(session.id, { kind: 'escalate', notes: 'Needs firewall access' });
    expect(response.status).toBe(201);
    const handoff = (await response.json()) as HandoffBody;
    expect(handoff.assessmentStatus).toBe('pending');
    await until(
      async () => chats(),
      (n) => n >= before + 1,
      'the assessment call to start',
    );
    await first.kill();
    expect(await assessedEvents(session.id)).toEqual([]);

    server.discardScripted();
    server.enqueue({ content: JSON.stringify(ASSESSMENT) });
    const second = await startChildApp(database.url, env());
    apps.push(second);
    const after = handoffsClient(second.url, adminKey);
    const assessed = await until(
      async () => (await after.ofSession(session.id))[0],
      (h) => h?.assessmentStatus === 'assessed',
      'the assessment after the restart',
      20_000,
    );
    expect(assessed.assessment).toEqual(ASSESSMENT);
    await sleep(300); // a doubled firing would land now
    // The try cut off by the crash is made again (the same deadline, try 1), not counted as a failure.
    expect(await assessedEvents(session.id)).toEqual([expect.objectContaining({ attempts: 1, model: 'loopback/assessor' })]);
    expect(chats() - before).toBe(2);
  }, 60_000);
});
