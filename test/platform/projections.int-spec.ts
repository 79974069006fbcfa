import type { Sql } from '../../src/platform/database/sql.js';
import type { EventMetadata, RecordedEvent } from '../../src/platform/event-store/event.types.js';
import { streamId } from '../../src/platform/event-store/stream-id.js';
import type { Projection } from '../../src/platform/projections/projection.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { untilReadable } from '../support/until-readable.js';
import { sleep } from '../support/until.js';

const metadata: EventMetadata = { tenantId: 'org-1', actor: null, correlationId: 'p', causationId: null };

/** Idempotent: a row only moves forward to a higher stream version. */
function streamSummary(name: string, mode: 'inline' | 'async', table: string): Projection {
  return {
    name,
    mode,
    eventTypes: ['TicketOpened', 'TicketTagged'],
    async apply(events: readonly RecordedEvent[], tx: Sql) {
      for (const event of events) {
        await tx.query(
          `INSERT INTO ${table} (stream_id, version, tags, last_position) VALUES ($1, $2, $3, $4)
           ON CONFLICT (stream_id) DO UPDATE
             SET version = EXCLUDED.version, tags = ${table}.tags + EXCLUDED.tags, last_position = EXCLUDED.last_position
           WHERE ${table}.version < EXCLUDED.version`,
          [event.streamId, event.version, event.type === 'TicketTagged' ? 1 : 0, event.position],
        );
      }
    },
    async reset(tx: Sql) {
      await tx.query(`DELETE FROM ${table}`);
    },
  };
}

describe('projections', () => {
  let database: TestDatabase;
  let platform: PlatformContext;
  const inline = streamSummary('ticket-summary-inline', 'inline', 'ticket_summary_inline');
  const asynchronous = streamSummary('ticket-summary-async', 'async', 'ticket_summary_async');

  const snapshot = (table: string) => platform.db.query(`SELECT * FROM ${table} ORDER BY stream_id`);

  async function catchUp(projection: Projection): Promise<void> {
    await untilReadable(platform.store);
    while ((await platform.runner.step(projection)) > 0);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await createPlatformContext(database.url);
    for (const table of ['ticket_summary_inline', 'ticket_summary_async']) {
      await platform.db.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, version int, tags int, last_position bigint)`);
    }
    await platform.db.query(`INSERT INTO projection_checkpoints (name) VALUES ($1)`, [asynchronous.name]);
    platform.projections.register(inline);
    platform.projections.register(asynchronous);
    for (let i = 0; i < 30; i++) {
      const id = streamId('ticket', String(i % 7));
      await platform.store.append(
        id,
        [
          { type: i < 7 ? 'TicketOpened' : 'TicketTagged', data: {} },
          { type: 'Unrelated', data: {} },
        ],
        {
          expectedVersion: 'any',
          metadata,
        },
      );
    }
  });
  afterAll(async () => {
    await platform.close();
    await database.drop();
  });

  it('applies inline projections in the append transaction (read your writes)', async () => {
    const id = streamId('ticket', 'fresh');
    await platform.store.append(id, [{ type: 'TicketOpened', data: {} }], { expectedVersion: 0, metadata });
    const [row] = await platform.db.query('SELECT version FROM ticket_summary_inline WHERE stream_id = $1', [id]);
    expect(row).toEqual({ version: 1 });
  });

  it('an async projection follows the store to its head and checkpoints', async () => {
    await catchUp(asynchronous);
    const [checkpoint] = await platform.db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [
      asynchronous.name,
    ]);
    expect(Number(checkpoint.position)).toBe(await platform.store.headPosition());
    expect(await snapshot('ticket_summary_async')).toEqual(await snapshot('ticket_summary_inline'));
  });

  it('replaying a batch changes nothing (idempotent handlers)', async () => {
    const before = await snapshot('ticket_summary_inline');
    const all = await platform.store.readAll({ after: 0, limit: 1000, types: inline.eventTypes });
    await platform.db.transaction((tx) => inline.apply(all, tx));
    expect(await snapshot('ticket_summary_inline')).toEqual(before);
  });

  it('rebuilding an inline and an async projection from position 0 equals the live tables', async () => {
    await catchUp(asynchronous);
    const liveInline = await snapshot('ticket_summary_inline');
    const liveAsync = await snapshot('ticket_summary_async');
    expect(liveInline.length).toBeGreaterThan(5);

    await platform.db.query('UPDATE ticket_summary_inline SET tags = -1'); // damage both read models
    await platform.db.query('DELETE FROM ticket_summary_async');
    const results = await platform.rebuilder.rebuild('all');
    // 'all' is every registered projection (the follower test below may have registered one more).
    const names = results.map((r) => r.name).sort();
    expect(names).toEqual(
      platform.projections
        .all()
        .map((projection) => projection.name)
        .sort(),
    );
    expect(names).toEqual(expect.arrayContaining([asynchronous.name, inline.name]));

    expect(await snapshot('ticket_summary_inline')).toEqual(liveInline);
    expect(await snapshot('ticket_summary_async')).toEqual(liveAsync);
    // After a rebuild the async projection continues from where the rebuild stopped.
    await platform.store.append(streamId('ticket', '0'), [{ type: 'TicketTagged', data: {} }], { expectedVersion: 'any', metadata });
    await catchUp(asynchronous);
    expect(await snapshot('ticket_summary_async')).toEqual(await snapshot('ticket_summary_inline'));
  });

  it('a started async projection is woken by new appends, without polling for them', async () => {
    const follower = streamSummary('ticket-summary-follower', 'async', 'ticket_summary_follower');
    await platform.db.query(
      'CREATE TABLE ticket_summary_follower (stream_id text PRIMARY KEY, version int, tags int, last_position bigint)',
    );
    platform.projections.register(follower);
    await platform.runner.start(follower);
    const id = streamId('ticket', 'followed');
    const { events } = await platform.store.append(id, [{ type: 'TicketOpened', data: {} }], { expectedVersion: 0, metadata });
    const deadline = Date.now() + 5000;
    let rows: unknown[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await platform.db.query('SELECT last_position FROM ticket_summary_follower WHERE stream_id = $1', [id]);
      await sleep(10);
    }
    expect(rows).toEqual([{ last_position: String(events[0].position) }]);
  });

  it('refuses to rebuild an unknown projection', async () => {
    await expect(platform.rebuilder.rebuild('nope')).rejects.toThrow(/unknown projection "nope"/);
  });
});
