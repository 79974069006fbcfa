import pg from 'pg';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { type ChildApp, prepareSquad, startChildApp } from './support/child-app.js';
import { type ConversationSquad, ask, sleep, until } from './support/conversation-squad.js';

/** 1 s of settings = 100 ms here: first timeout 15 s → 1.5 s, follow-up 10 s → 1 s. */
const ENV = { DEADLINE_POLL_MS: '20', INTERACTION_SECOND_MS: '100', RATE_LIMIT_PER_MINUTE: '100000' };

describe('escalations survive crashes and replicas', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let squad: ConversationSquad;
  const apps: ChildApp[] = [];

  const typesOf = async (conversationId: string) =>
    (
      await db.query<{ type: string; data: { round?: number } }>(`SELECT type, data FROM events WHERE stream_id = $1 ORDER BY version`, [
        `conversation-${conversationId}`,
      ])
    ).rows.map((row) => row.type);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    squad = await prepareSquad(database.url);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('killed with SIGKILL while a question waits: after a restart the follow-up and the escalation happen, once each', async () => {
    const first = await startChildApp(database.url, ENV);
    apps.push(first);
    const asked = await ask(first.url, squad);
    await until(
      () => typesOf(asked.id),
      (types) => types.includes('QuestionAcknowledged'),
      'the acknowledgement',
    );
    await first.kill();
    await sleep(1800); // the first timeout falls due while no process runs
    expect(await typesOf(asked.id)).toEqual(['QuestionAsked', 'QuestionRouted', 'QuestionAcknowledged']);

    const second = await startChildApp(database.url, ENV);
    apps.push(second);
    const types = await until(
      () => typesOf(asked.id),
      (seen) => seen.includes('QuestionEscalated'),
      'the escalation after the restart',
    );
    await sleep(500); // a doubled firing would land now
    const after = await typesOf(asked.id);
    expect(after.slice(0, types.indexOf('QuestionEscalated') + 1)).toEqual([
      'QuestionAsked',
      'QuestionRouted',
      'QuestionAcknowledged',
      'FollowUpSent',
      'QuestionEscalated',
    ]);
    expect(after.filter((type) => type === 'FollowUpSent').length).toBeLessThanOrEqual(2); // level 1's own follow-up may follow
    const [{ n }] = (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM events WHERE stream_id = $1 AND type = 'QuestionEscalated' AND (data->>'fromLevel')::int = 0`,
        [`conversation-${asked.id}`],
      )
    ).rows;
    expect(Number(n)).toBe(1);
  });

  it('two app processes on one database: each follow-up and escalation happens exactly once', async () => {
    const one = await startChildApp(database.url, ENV);
    const two = await startChildApp(database.url, ENV);
    apps.push(one, two);
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push((await ask(n % 2 === 0 ? one.url : two.url, squad, `question ${n}`)).id);
    await until(
      async () =>
        (await db.query<{ n: string }>(`SELECT count(*) AS n FROM conversations WHERE id = ANY($1) AND state = 'unanswered'`, [ids]))
          .rows[0].n,
      (n) => Number(n) === ids.length,
      'every chain to run out',
      30_000,
    );
    await sleep(300);
    for (const id of ids) {
      const rows = (
        await db.query<{ type: string; round: number | null }>(
          `SELECT type, (data->>'round')::int AS round FROM events WHERE stream_id = $1 ORDER BY version`,
          [`conversation-${id}`],
        )
      ).rows;
      const steps = rows.filter((row) => row.type !== 'QuestionAsked').map((row) => `${row.type}@${row.round}`);
      expect(steps).toEqual([
        'QuestionRouted@1',
        'QuestionAcknowledged@1',
        'FollowUpSent@1',
        'QuestionEscalated@2',
        'QuestionAcknowledged@2',
        'FollowUpSent@2',
        'QuestionEscalated@3',
        'QuestionAcknowledged@3',
        'FollowUpSent@3',
        'ChainExhausted@3',
      ]);
    }
  });
});
