import pg from 'pg';
import { APPEND_MARKER } from '../../src/platform/event-store/event-store.js';
import { StreamVersionConflictError } from '../../src/platform/event-store/event-store.errors.js';
import type { EventMetadata } from '../../src/platform/event-store/event.types.js';
import { streamId } from '../../src/platform/event-store/stream-id.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { untilReadable } from '../support/until-readable.js';

const metadata: EventMetadata = { tenantId: 'org-1', actor: { kind: 'system', id: 'test' }, correlationId: 'c-1', causationId: null };

describe('event store', () => {
  let database: TestDatabase;
  let platform: PlatformContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await createPlatformContext(database.url);
  });
  afterAll(async () => {
    await platform.close();
    await database.drop();
  });

  it('appends several events atomically at consecutive versions and reads them back', async () => {
    const id = streamId('ticket', 'atomic');
    const result = await platform.store.append(
      id,
      [
        { type: 'TicketOpened', data: { title: 'A' } },
        { type: 'TicketTagged', data: { tag: 'x' } },
      ],
      { expectedVersion: 0, metadata },
    );
    expect(result.nextVersion).toBe(2);
    const stream = await platform.store.readStream(id);
    expect(stream.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'TicketOpened', { title: 'A' }],
      [2, 'TicketTagged', { tag: 'x' }],
    ]);
    expect(stream[0].metadata).toEqual(metadata);
    expect(stream[0].streamType).toBe('ticket');
    expect(stream[1].position).toBe(stream[0].position + 1);
  });

  it('rejects a stale expected version with a typed conflict and appends nothing', async () => {
    const id = streamId('ticket', 'stale');
    await platform.store.append(id, [{ type: 'TicketOpened', data: {} }], { expectedVersion: 0, metadata });
    const attempt = platform.store.append(id, [{ type: 'TicketClosed', data: {} }], { expectedVersion: 0, metadata });
    await expect(attempt).rejects.toBeInstanceOf(StreamVersionConflictError);
    await expect(attempt).rejects.toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    expect(await platform.store.readStream(id)).toHaveLength(1);
  });

  it('lets exactly one of 20 concurrent appends at the same expected version win, across connections', async () => {
    const id = streamId('ticket', 'race');
    await platform.store.append(id, [{ type: 'TicketOpened', data: {} }], { expectedVersion: 0, metadata });
    // Half through this process's batching writer, half through separate stores (other "processes").
    const others = await Promise.all([1, 2, 3, 4].map(() => createPlatformContext(database.url)));
    try {
      const stores = [platform.store, ...others.map((o) => o.store)];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % stores.length].append(id, [{ type: 'TicketTagged', data: { writer: i } }], { expectedVersion: 1, metadata }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(StreamVersionConflictError);
      const versions = (await platform.store.readStream(id)).map((e) => e.version);
      expect(versions).toEqual([1, 2]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it('keeps versions gapless when many writers append with retries to one stream', async () => {
    const id = streamId('ticket', 'gapless');
    const writers = Array.from({ length: 10 }, async (_, writer) => {
      for (let n = 0; n < 5; n++) {
        for (;;) {
          const current = (await platform.store.readStream(id)).length;
          try {
            await platform.store.append(id, [{ type: 'TicketTagged', data: { writer, n } }], { expectedVersion: current, metadata });
            break;
          } catch (error) {
            if (!(error instanceof StreamVersionConflictError)) throw error;
          }
        }
      }
    });
    await Promise.all(writers);
    const versions = (await platform.store.readStream(id)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('reads all events after a position, in position order, optionally by type', async () => {
    const head = await platform.store.headPosition();
    await platform.store.append(streamId('note', 'a'), [{ type: 'NoteWritten', data: { n: 1 } }], { expectedVersion: 'any', metadata });
    await platform.store.append(streamId('note', 'b'), [{ type: 'NoteErased', data: { n: 2 } }], { expectedVersion: 'any', metadata });
    await untilReadable(platform.store);
    const all = await platform.store.readAll({ after: head, limit: 10 });
    expect(all.map((e) => e.type)).toEqual(['NoteWritten', 'NoteErased']);
    expect(all[1].position).toBeGreaterThan(all[0].position);
    const written = await platform.store.readAll({ after: head, limit: 10, types: ['NoteWritten'] });
    expect(written.map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(await platform.store.readAll({ after: head, limit: 1 })).toHaveLength(1);
  });

  it('reads one organization’s events only, when asked', async () => {
    const head = await platform.store.headPosition();
    const other: EventMetadata = { ...metadata, tenantId: 'org-2' };
    await platform.store.append(streamId('note', 'org1'), [{ type: 'NoteWritten', data: {} }], { expectedVersion: 'any', metadata });
    await platform.store.append(streamId('note', 'org2'), [{ type: 'NoteWritten', data: {} }], { expectedVersion: 'any', metadata: other });
    await untilReadable(platform.store);
    const mine = await platform.store.readAll({ after: head, limit: 10, tenantId: 'org-2' });
    expect(mine.map((e) => e.streamId)).toEqual(['note-org2']);
  });

  it('reports as readable head only positions below an append still committing', async () => {
    const client = await platform.db.pool.connect();
    try {
      const before = await platform.store.append(streamId('note', 'before'), [{ type: 'NoteWritten', data: {} }], {
        expectedVersion: 'any',
        metadata,
      });
      await untilReadable(platform.store);
      expect(await platform.store.readableHeadPosition()).toBe(before.events[0].position);
      // An append that has its transaction id and has not committed yet, as the store's appends
      // mark themselves (APPEND_MARKER), older than the next append:
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock_shared($1, $2)', [...APPEND_MARKER]);
      await client.query('SELECT pg_current_xact_id()');
      const { events } = await platform.store.append(streamId('note', 'after'), [{ type: 'NoteWritten', data: {} }], {
        expectedVersion: 'any',
        metadata,
      });
      expect(await platform.store.headPosition()).toBe(events[0].position);
      expect(await platform.store.readableHeadPosition()).toBeLessThan(events[0].position);
      expect(await platform.store.readAll({ after: before.events[0].position, limit: 10 })).toEqual([]);
      await client.query('COMMIT');
      await untilReadable(platform.store);
      expect(await platform.store.readableHeadPosition()).toBe(events[0].position);
      const after = await platform.store.readAll({ after: before.events[0].position, limit: 10 });
      expect(after.map((e) => e.streamId)).toEqual(['note-after']);
    } finally {
      client.release();
    }
  });

  it('is not held back by an open transaction that is not an append, in this database or another', async () => {
    const ours = await platform.db.pool.connect();
    const foreign = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await foreign.connect();
    try {
      await ours.query('BEGIN');
      await ours.query('CREATE TEMP TABLE held_open (id int)');
      await ours.query('INSERT INTO held_open VALUES (1)');
      await foreign.query('BEGIN');
      await foreign.query('SELECT pg_current_xact_id()');
      const { events } = await platform.store.append(streamId('note', 'beside'), [{ type: 'NoteWritten', data: {} }], {
        expectedVersion: 'any',
        metadata,
      });
      // No waiting: both open transactions are older than the append, and neither holds it back.
      expect(await platform.store.readableHeadPosition()).toBe(events[0].position);
      const read = await platform.store.readAll({ after: events[0].position - 1, limit: 10 });
      expect(read.map((e) => e.streamId)).toEqual(['note-beside']);
    } finally {
      await ours.query('ROLLBACK');
      ours.release();
      await foreign.query('ROLLBACK');
      await foreign.end();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the events table', async () => {
    await platform.store.append(streamId('note', 'immutable'), [{ type: 'NoteWritten', data: {} }], { expectedVersion: 0, metadata });
    await expect(platform.db.query(`UPDATE events SET type = 'Forged'`)).rejects.toThrow(/append-only/);
    await expect(platform.db.query(`DELETE FROM events`)).rejects.toThrow(/append-only/);
    await expect(platform.db.query(`TRUNCATE events`)).rejects.toThrow(/append-only/);
    expect(await platform.store.readStream(streamId('note', 'immutable'))).toHaveLength(1);
  });

  it('upcasts old schema versions on read without rewriting them', async () => {
    const id = streamId('legacy', 'one');
    await platform.store.append(id, [{ type: 'LegacyNamed', data: { name: 'Ada Lovelace' }, schemaVersion: 1 }], {
      expectedVersion: 0,
      metadata,
    });
    platform.store.upcasters.register('LegacyNamed', 1, (data) => {
      const [first, last] = (data as { name: string }).name.split(' ');
      return { first, last };
    });
    const [event] = await platform.store.readStream(id);
    expect(event).toMatchObject({ schemaVersion: 2, data: { first: 'Ada', last: 'Lovelace' } });
    const [stored] = await platform.db.query<{ data: unknown; schema_version: number }>(
      'SELECT data, schema_version FROM events WHERE stream_id = $1',
      [id],
    );
    expect(stored).toEqual({ data: { name: 'Ada Lovelace' }, schema_version: 1 });
  });
});
