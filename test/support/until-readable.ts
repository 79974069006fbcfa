import type { EventStore } from '../../src/platform/event-store/event-store.js';
import { sleep } from './until.js';

/**
 * Waits until followers can read everything appended so far: an append of another writer of the
 * same database may still be committing when ours has returned.
 */
export async function untilReadable(store: EventStore, timeoutMs = 10_000): Promise<void> {
  const head = await store.headPosition();
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    if ((await store.readableHeadPosition()) >= head) return;
    await sleep(5);
  }
  throw new Error(`events up to ${head} did not become readable within ${timeoutMs} ms`);
}
