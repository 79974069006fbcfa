import pg from 'pg';
import { APPEND_LOCK_KEY, APPEND_MARKER } from '../../src/platform/event-store/append-locks.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

/**
 * `event_store_horizon()` under appends committing as fast as they can: an append that is ending
 * (its mark released a moment before its transaction-id lock) must still hold followers back. The
 * appends follow the store's protocol (append lock, mark, INSERT, unlock, COMMIT) on a table of
 * their own, so nothing but the horizon decides what a follower reads. Before the fix this saw a
 * skip every few seconds on a 2-core machine.
 */
describe('the followers’ horizon while appends end', () => {
  let database: TestDatabase;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await connect();
    await setup.query(`CREATE SEQUENCE horizon_probe_position;
      CREATE TABLE horizon_probe (position bigint PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id())`);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await database.drop();
  });

  it('never lets a follower read past an append that has not become visible to it', async () => {
    const writers = await Promise.all([1, 2, 3, 4].map(connect));
    const follower = await connect();
    // Six seconds, and longer until enough commits have met the moment an append ends: a loaded CI
    // machine commits a tenth as fast as an idle one.
    const enoughAppends = 1000;
    const started = Date.now();
    let appended = 0;
    const writingGoesOn = () => {
      const elapsed = Date.now() - started;
      return elapsed < 40_000 && (elapsed < 6000 || appended < enoughAppends);
    };
    const append = `BEGIN; SELECT pg_advisory_lock(${APPEND_LOCK_KEY}); SELECT pg_advisory_xact_lock_shared(${APPEND_MARKER[0]}, ${APPEND_MARKER[1]});
      INSERT INTO horizon_probe (position) VALUES (nextval('horizon_probe_position')); SELECT pg_advisory_unlock(${APPEND_LOCK_KEY}); COMMIT`;
    const writing = writers.map(async (writer) => {
      while (writingGoesOn()) {
        await writer.query(append);
        appended++;
      }
    });
    const skipped: number[] = [];
    let after = 0;
    while (writingGoesOn()) {
      const { rows } = await follower.query<{ position: string }>(
        'SELECT position FROM horizon_probe WHERE position > $1 AND transaction_id < (SELECT event_store_horizon()) ORDER BY position LIMIT 100',
        [after],
      );
      for (const row of rows) {
        const position = Number(row.position);
        if (position !== after + 1) skipped.push(after + 1);
        after = position;
      }
    }
    await Promise.all(writing);
    expect(appended).toBeGreaterThanOrEqual(enoughAppends); // enough commits to meet the moment an append ends
    expect(skipped).toEqual([]);
  });
});
