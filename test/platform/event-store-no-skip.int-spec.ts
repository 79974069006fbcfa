import type { Sql } from '../../src/platform/database/sql.js';
import type { EventMetadata, RecordedEvent } from '../../src/platform/event-store/event.types.js';
import { streamId } from '../../src/platform/event-store/stream-id.js';
import type { Projection } from '../../src/platform/projections/projection.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { untilReadable } from '../support/until-readable.js';
import { sleep } from '../support/until.js';

const metadata: EventMetadata = { tenantId: null, actor: null, correlationId: 'no-skip', causationId: null };

/** An inline projection that pauses a random while inside the append's transaction. */
const dawdler: Projection = {
  name: 'dawdler',
  mode: 'inline',
  eventTypes: ['Tick'],
  async apply(_events: readonly RecordedEvent[], tx: Sql) {
    await sleep(Math.random() * 8);
    await tx.query('SELECT 1');
  },
  async reset() {},
};

describe('readAll followers never skip or repeat an event', () => {
  let database: TestDatabase;
  const writers: PlatformContext[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 8; i++) {
      const writer = await createPlatformContext(database.url);
      writer.projections.register(dawdler);
      writers.push(writer);
    }
  });
  afterAll(async () => {
    await Promise.all(writers.map((w) => w.close()));
    await database.drop();
  });

  /** Each appender writes 40 events to 4 streams of its own while one follower reads in pages of 7. */
  async function expectFollowerSeesEveryEvent(appenders: readonly PlatformContext[]): Promise<void> {
    const perWriter = 40;
    const total = appenders.length * perWriter;
    // Where this run starts: the events of an earlier test are not its business.
    const start = await writers[0].store.readableHeadPosition();
    const seen: RecordedEvent[] = [];
    let writing = true;
    const reader = (async () => {
      let after = start;
      while (writing || seen.length < total) {
        const batch = await writers[0].store.readAll({ after, limit: 7 });
        for (const event of batch) {
          expect(event.position).toBeGreaterThan(after);
          after = event.position;
          seen.push(event);
        }
        if (batch.length === 0) await sleep(1);
        if (!writing && batch.length === 0 && seen.length < total) {
          // Everything is committed: one more empty read means events were skipped.
          const rest = await writers[0].store.readAll({ after, limit: total });
          seen.push(...rest);
          break;
        }
      }
    })();
    await Promise.all(
      appenders.map(async (writer, w) => {
        for (let n = 0; n < perWriter; n++) {
          await sleep(Math.random() * 3);
          await writer.store.append(streamId('tick', `${w}-${n % 4}`), [{ type: 'Tick', data: { w, n } }], {
            expectedVersion: 'any',
            metadata,
          });
        }
      }),
    );
    await untilReadable(writers[0].store); // so "nothing more to read" can only mean a skipped event
    writing = false;
    await reader;

    const committed = await writers[0].store.readAll({ after: start, limit: total + 1 });
    expect(committed).toHaveLength(total);
    // On a skip, show each missed event with its neighbours' transaction ids and commit times.
    const seenPositions = new Set(seen.map((e) => e.position));
    const missed = committed.filter((e) => !seenPositions.has(e.position)).map((e) => e.position);
    const around =
      missed.length === 0
        ? []
        : await writers[0].db.query(
            `SELECT position, transaction_id::text AS xid, recorded_at FROM events WHERE position BETWEEN $1 AND $2 ORDER BY position`,
            [missed[0] - 3, missed[0] + 3],
          );
    expect({ missed, around }).toEqual({ missed: [], around: [] });
    expect(seen.map((e) => e.position)).toEqual(committed.map((e) => e.position));
    const keys = new Set(seen.map((e) => `${(e.data as { w: number }).w}:${(e.data as { n: number }).n}`));
    expect(keys.size).toBe(total);
  }

  it('sees every event of 8 concurrent writers exactly once, in position order', async () => {
    await expectFollowerSeesEveryEvent(writers);
  });

  it('sees every event of 2 processes with 8 concurrent writers each (their appends share transactions), once and in order', async () => {
    const twoProcesses = [writers[0], writers[1]];
    await expectFollowerSeesEveryEvent(Array.from({ length: 16 }, (_, w) => twoProcesses[w % 2]));
  });
});
