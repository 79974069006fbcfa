import pg from 'pg';
import { type ChildApp, prepareSquad, startChildApp } from '../conversations/support/child-app.js';
import { loopbackModelEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/until.js';
import { phaseOf, phaseScripts, pipelinesClient } from './support.js';

/** A process killed mid-phase: after a restart that phase runs once more and the run completes, no phase doubled. */
describe('a pipeline survives a crash mid-phase', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let server: OpenAiTestServer;
  const apps: ChildApp[] = [];
  const scripts = phaseScripts();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    server = await startOpenAiTestServer();
    server.scriptFor = (request) => scripts.scriptFor(request);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
    await database?.drop();
  });

  const env = () => ({ DEADLINE_POLL_MS: '20', RATE_LIMIT_PER_MINUTE: '100000', ...loopbackModelEnv(server.baseUrl, 'phaser') });
  const eventsOf = async (pipelineId: string, type: string) =>
    (
      await db.query<{ data: { phase: string; attempt: number } }>(
        `SELECT data FROM events WHERE type = $1 AND data->>'pipelineId' = $2 ORDER BY position`,
        [type, pipelineId],
      )
    ).rows.map((row) => `${row.data.phase}:${row.data.attempt}`);

  it('SIGKILL while the research agent answers: after a restart research runs again, once, and the pipeline completes', async () => {
    const { adminKey } = await prepareSquad(database.url);
    const first = await startChildApp(database.url, env());
    apps.push(first);
    scripts.script('research', { delayMs: 60_000 }); // hangs until the process is killed
    const created = await pipelinesClient(first.url, adminKey).start({ featureRequest: 'Invoice export' });
    await until(
      async () => server.requests.filter((request) => phaseOf(request) === 'research').length,
      (n) => n === 1,
      'the research call to start',
    );
    await first.kill();
    expect(await eventsOf(created.id, 'PipelinePhaseCompleted')).toEqual(['why:1']);

    const second = await startChildApp(database.url, env());
    apps.push(second);
    const done = await pipelinesClient(second.url, adminKey).until(
      created.id,
      (p) => p.status === 'completed',
      'the run after the restart',
      30_000,
    );
    await sleep(300); // a doubled step would land now
    expect(server.requests.filter((request) => phaseOf(request) === 'research')).toHaveLength(2);
    const phases = ['why', 'research', 'plan', 'build', 'test', 'review', 'retrospective'].map((phase) => `${phase}:1`);
    expect(await eventsOf(created.id, 'PipelinePhaseStarted')).toEqual(phases);
    expect(await eventsOf(created.id, 'PipelinePhaseCompleted')).toEqual(phases);
    expect(done.estimateVsActual.actualSessions).toBe(7);
  }, 90_000);
});
