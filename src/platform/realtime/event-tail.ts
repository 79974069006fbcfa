import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventFeed } from '../event-store/event-feed.js';
import { EventStore } from '../event-store/event-store.js';
import type { RecordedEvent } from '../event-store/event.types.js';

const BATCH = 500;
const IDLE_POLL_MS = 1000;

type Listener = (events: readonly RecordedEvent[]) => void;

/**
 * Follows the event store from its head at start, in position (= commit) order, and hands each
 * batch to its listener synchronously, then advances `position` in the same tick. So at any
 * moment every event ≤ `position` has been handed over and none above it has.
 */
@Injectable()
export class EventTail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventTail.name);
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private listener: Listener = () => undefined;
  private current = 0;

  constructor(
    private readonly store: EventStore,
    private readonly feed: EventFeed,
  ) {}

  get position(): number {
    return this.current;
  }

  onEvents(listener: Listener): void {
    this.listener = listener;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.current = await this.store.readableHeadPosition();
    this.loop = this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async follow(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const notified = this.feed.notified;
      try {
        const events = await this.store.readAll({ after: this.current, limit: BATCH });
        if (events.length > 0) {
          this.listener(events);
          this.current = events[events.length - 1].position;
          if (events.length === BATCH) continue;
        }
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.logger.error(`following the event store failed, retrying: ${(error as Error).message}`);
      }
      await this.feed.nextAppend(IDLE_POLL_MS, this.stop.signal, notified);
    }
  }
}
