import { EventFeed } from '../../src/platform/event-store/event-feed.js';
import type { EventMetadata } from '../../src/platform/event-store/event.types.js';
import { streamId } from '../../src/platform/event-store/stream-id.js';
import { type PlatformContext, createPlatformContext } from '../support/platform-context.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';

const metadata: EventMetadata = { tenantId: null, actor: null, correlationId: 'feed', causationId: null };
/** Far beyond the test's own timeout: a follower that sleeps through the commit fails the test. */
const IDLE_MS = 120_000;

describe('the event feed wakes followers on commits', () => {
  let database: TestDatabase;
  let platform: PlatformContext;
  let feed: EventFeed;

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await createPlatformContext(database.url);
    feed = platform.context.get(EventFeed);
    await feed.nextAppend(1); // listening from here on
  });
  afterAll(async () => {
    await platform.close();
    await database.drop();
  });

  const append = (n: number) =>
    platform.store.append(streamId('tick', `feed-${n}`), [{ type: 'Tick', data: { n } }], { expectedVersion: 0, metadata });

  it('wakes a follower waiting when another append commits', async () => {
    const woken = feed.nextAppend(IDLE_MS);
    await append(1);
    await woken;
  });

  it('does not let a follower sleep through a commit notified while it was reading', async () => {
    const before = feed.notified; // taken before the "read"
    await append(2);
    await until(
      () => Promise.resolve(feed.notified),
      (notified) => notified > before,
      'the notification',
    );
    // The follower now asks to wait, as if its read had ended: the commit it may have missed wakes it at once.
    await feed.nextAppend(IDLE_MS, undefined, before);
  });
});
