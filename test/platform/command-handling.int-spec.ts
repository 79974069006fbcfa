import { handleCommand } from '../../src/platform/decider/command-handling.js';
import { StreamVersionConflictError } from '../../src/platform/event-store/event-store.errors.js';
import type { EventMetadata } from '../../src/platform/event-store/event.types.js';
import { streamId } from '../../src/platform/event-store/stream-id.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { TicketClosedError, type TicketEvent, ticketDecider } from './example/ticket.decider.js';

const metadata: EventMetadata = { tenantId: 'org-1', actor: { kind: 'member', id: 'm-1' }, correlationId: 'c', causationId: null };
const now = '2026-11-22T10:00:00.000Z';

describe('handleCommand: load → fold → decide → append', () => {
  let database: TestDatabase;
  let platform: PlatformContext;
  let others: PlatformContext[];

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await createPlatformContext(database.url);
    others = await Promise.all([1, 2, 3].map(() => createPlatformContext(database.url)));
  });
  afterAll(async () => {
    await Promise.all([platform, ...others].map((p) => p.close()));
    await database.drop();
  });

  it('decides on the stored state and returns the new version', async () => {
    const id = streamId('ticket', 'h1');
    const opened = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'OpenTicket', ticketId: 'h1', title: 'x', now },
      { metadata },
    );
    expect(opened).toMatchObject({ version: 1, state: { status: 'open', comments: 0 } });
    const again = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'OpenTicket', ticketId: 'h1', title: 'x', now },
      { metadata },
    );
    expect(again).toMatchObject({ version: 1, events: [] });
  });

  it('retries on concurrent appends from other processes so no command is lost', async () => {
    const id = streamId('ticket', 'h2');
    await handleCommand(platform.store, id, ticketDecider, { type: 'OpenTicket', ticketId: 'h2', title: 'x', now }, { metadata });
    const stores = [platform.store, ...others.map((o) => o.store)];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        handleCommand(
          stores[i % stores.length],
          id,
          ticketDecider,
          { type: 'CommentTicket', ticketId: 'h2', text: `c${i}` },
          { metadata, retries: 20 },
        ),
      ),
    );
    const events = await platform.store.readStream(id);
    expect(events.filter((e) => e.type === 'TicketCommented')).toHaveLength(12);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('fails with a conflict, without retrying, when the caller’s expected version is stale (If-Match)', async () => {
    const id = streamId('ticket', 'h3');
    await handleCommand(platform.store, id, ticketDecider, { type: 'OpenTicket', ticketId: 'h3', title: 'x', now }, { metadata });
    await handleCommand(platform.store, id, ticketDecider, { type: 'CommentTicket', ticketId: 'h3', text: 'a' }, { metadata });
    await expect(
      handleCommand(
        platform.store,
        id,
        ticketDecider,
        { type: 'CommentTicket', ticketId: 'h3', text: 'b' },
        { metadata, expectedVersion: 1 },
      ),
    ).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await platform.store.readStream(id)).toHaveLength(2);
  });

  it('lets domain errors through and appends nothing', async () => {
    const id = streamId('ticket', 'h4');
    await handleCommand(platform.store, id, ticketDecider, { type: 'OpenTicket', ticketId: 'h4', title: 'x', now }, { metadata });
    await handleCommand(platform.store, id, ticketDecider, { type: 'CloseTicket', ticketId: 'h4', now }, { metadata });
    await expect(
      handleCommand(platform.store, id, ticketDecider, { type: 'CommentTicket', ticketId: 'h4', text: 'late' }, { metadata }),
    ).rejects.toBeInstanceOf(TicketClosedError);
    expect(await platform.store.readStream(id)).toHaveLength(2);
  });

  it('decides on the stream the caller already loaded, and reloads it when another write came in between', async () => {
    const id = streamId('ticket', 'h5');
    await handleCommand(platform.store, id, ticketDecider, { type: 'OpenTicket', ticketId: 'h5', title: 'x', now }, { metadata });
    const loaded = await platform.store.readStream<TicketEvent>(id);
    // Someone closes the ticket after the caller read it: the append of the stale decision conflicts,
    // the command is decided again on the fresh stream and refused.
    await handleCommand(platform.store, id, ticketDecider, { type: 'CloseTicket', ticketId: 'h5', now }, { metadata });
    await expect(
      handleCommand(platform.store, id, ticketDecider, { type: 'CommentTicket', ticketId: 'h5', text: 'late' }, { metadata, loaded }),
    ).rejects.toBeInstanceOf(TicketClosedError);
    expect((await platform.store.readStream(id)).map((event) => event.type)).toEqual(['TicketOpened', 'TicketClosed']);

    const fresh = await platform.store.readStream<TicketEvent>(id);
    const closedAgain = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'CloseTicket', ticketId: 'h5', now },
      { metadata, loaded: fresh },
    );
    expect(closedAgain).toMatchObject({ version: 2, events: [] });
  });

  it('folds only the events after a snapshot onto it, so a snapshot older than the stream still decides on the whole history', async () => {
    const id = streamId('ticket', 'h6');
    const opened = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'OpenTicket', ticketId: 'h6', title: 'x', now },
      { metadata },
    );
    // Two comments come in after the snapshot was taken (another process, another request).
    for (const text of ['a', 'b'])
      await handleCommand(platform.store, id, ticketDecider, { type: 'CommentTicket', ticketId: 'h6', text }, { metadata });
    const commented = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'CommentTicket', ticketId: 'h6', text: 'c' },
      { metadata, snapshot: { state: opened.state, version: opened.version } },
    );
    expect(commented).toMatchObject({ version: 4, state: { status: 'open', comments: 3 } });

    // The events up to the snapshot's version are not read again: the snapshot's state is built on.
    const counted = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'CommentTicket', ticketId: 'h6', text: 'd' },
      { metadata, snapshot: { state: { status: 'open', comments: 100 }, version: 4 } },
    );
    expect(counted).toMatchObject({ version: 5, state: { status: 'open', comments: 101 } });
  });

  it('decides again on the whole stream when a snapshot the caller called current was stale', async () => {
    const id = streamId('ticket', 'h7');
    const opened = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'OpenTicket', ticketId: 'h7', title: 'x', now },
      { metadata },
    );
    await handleCommand(platform.store, id, ticketDecider, { type: 'CloseTicket', ticketId: 'h7', now }, { metadata });
    // The caller says nothing came after its snapshot (`loaded: []`); the append conflicts, the
    // command is decided again on the stored stream, where the ticket is closed.
    await expect(
      handleCommand(
        platform.store,
        id,
        ticketDecider,
        { type: 'CommentTicket', ticketId: 'h7', text: 'late' },
        { metadata, snapshot: { state: opened.state, version: opened.version }, loaded: [] },
      ),
    ).rejects.toBeInstanceOf(TicketClosedError);
    expect((await platform.store.readStream(id)).map((event) => event.type)).toEqual(['TicketOpened', 'TicketClosed']);
  });

  it('checks the caller’s expected version against the snapshot and the events after it', async () => {
    const id = streamId('ticket', 'h8');
    const opened = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'OpenTicket', ticketId: 'h8', title: 'x', now },
      { metadata },
    );
    await handleCommand(platform.store, id, ticketDecider, { type: 'CommentTicket', ticketId: 'h8', text: 'a' }, { metadata });
    const snapshot = { state: opened.state, version: opened.version };
    await expect(
      handleCommand(
        platform.store,
        id,
        ticketDecider,
        { type: 'CommentTicket', ticketId: 'h8', text: 'b' },
        { metadata, snapshot, expectedVersion: 1 },
      ),
    ).rejects.toBeInstanceOf(StreamVersionConflictError);
    const current = await handleCommand(
      platform.store,
      id,
      ticketDecider,
      { type: 'CommentTicket', ticketId: 'h8', text: 'b' },
      { metadata, snapshot, expectedVersion: 2 },
    );
    expect(current).toMatchObject({ version: 3, state: { status: 'open', comments: 2 } });
  });
});
