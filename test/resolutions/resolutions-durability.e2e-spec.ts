import { loopbackModelEnv } from '../support/llm-env.js';
import pg from 'pg';
import { type ChildApp, prepareSquad, startChildApp } from '../conversations/support/child-app.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';
import { type ResolutionBody, resolutionsClient } from './support.js';

const PARTS: Record<string, unknown> = {
  psa_notes: { internalAnalysis: 'Checked the relay.', resolutionNote: 'Relay restarted.' },
  kb_article: {
    title: 'Mail relay stuck',
    problem: 'Mail is down',
    environment: 'Office',
    cause: 'A stuck relay',
    fix: 'Restart it',
    steps: ['Restart'],
  },
  client_summary: { summary: 'Your e-mail works again.' },
};
const typeAsked = (messages: { content: string }[] = []) => {
  const text = messages.map((message) => message.content).join('\n');
  return text.includes('ticket notes') ? 'psa_notes' : text.includes('knowledge-base article') ? 'kb_article' : 'client_summary';
};

/** Drafting is durable: a process killed during the model calls drafts after a restart, each document once. */
describe('resolution drafts survive a crash', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let server: OpenAiTestServer;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    server = await startOpenAiTestServer();
    server.reply = (body) => JSON.stringify(PARTS[typeAsked(body.messages)]);
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
    ...loopbackModelEnv(server.baseUrl, 'drafter'),
    RESOLUTION_DRAFT_BACKOFF_BASE_MS: '50',
  });
  const drafts = () => server.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
  const draftedEvents = async (sessionId: string) =>
    (
      await db.query<{ data: { type: string; attempts: number } }>(
        `SELECT data FROM events WHERE type = 'OutputDrafted' AND data->>'sessionId' = $1 ORDER BY position`,
        [sessionId],
      )
    ).rows.map((row) => row.data);

  it('killed with SIGKILL while the model writes: the resolution was recorded, and after a restart each draft arrives once', async () => {
    const { adminKey } = await prepareSquad(database.url);
    const first = await startChildApp(database.url, env());
    apps.push(first);
    const api = resolutionsClient(first.url, adminKey);
    const session = await api.sessions.start('Mail is down');
    const before = drafts();
    // Scripted before resolving (the first tries are due at once): the three calls hang until the process is killed.
    server.enqueue(...Array.from({ length: 3 }, () => ({ delayMs: 60_000 })));
    const response = await api.resolve(session.id, { resolution: 'Restarted the relay' });
    expect(response.status).toBe(201);
    const resolution = (await response.json()) as ResolutionBody;
    expect(resolution.outputs.map((output) => output.status)).toEqual(['generating', 'generating', 'generating']);
    await until(
      async () => drafts(),
      (n) => n >= before + 3,
      'the three drafting calls to start',
    );
    await first.kill();
    expect(await draftedEvents(session.id)).toEqual([]);

    server.discardScripted();
    const second = await startChildApp(database.url, env());
    apps.push(second);
    const after = resolutionsClient(second.url, adminKey);
    const drafted = await until(
      () => after.outputs(session.id),
      (items) => items.every((item) => item.status === 'draft'),
      'the drafts after the restart',
      20_000,
    );
    expect(drafted.find((output) => output.type === 'kb_article')?.content).toContain('# Mail relay stuck');
    await sleep(300); // a doubled firing would land now
    // The tries cut off by the crash are made again (the same deadlines, try 1), not counted as failures.
    const events = await draftedEvents(session.id);
    expect(events.map((event) => event.type).sort()).toEqual(['client_summary', 'kb_article', 'psa_notes']);
    expect(events.every((event) => event.attempts === 1)).toBe(true);
  }, 60_000);
});
