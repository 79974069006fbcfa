import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Notification, PoolClient } from 'pg';
import { Database } from '../database/database.js';
import { EVENTS_CHANNEL } from './append-locks.js';

type Waiter = () => void;

/**
 * Wakes followers of the store (async projections, sagas, realtime) as soon as any process
 * commits an append, through one LISTEN connection per process. Followers also poll on their own
 * interval, so a lost notification or a reconnect delays them by at most that interval.
 */
@Injectable()
export class EventFeed implements OnModuleDestroy {
  private readonly logger = new Logger(EventFeed.name);
  private listener: PoolClient | undefined;
  private waiters = new Set<Waiter>();
  private closed = false;
  private starting: Promise<void> | undefined;
  private notifications = 0;

  constructor(private readonly db: Database) {}

  /**
   * How many commit notifications this process has received. A follower takes it before it reads
   * and hands it to `nextAppend`, so a commit notified during the read is not slept through.
   */
  get notified(): number {
    return this.notifications;
  }

  /**
   * Resolves on the next commit notification, after `timeoutMs`, or when `signal` aborts. Once the
   * feed is closed it still waits for the timeout (or the signal): a follower that has not been
   * stopped yet must not spin on an always-resolved promise, which would starve the event loop of
   * the very timers and I/O that stop it.
   */
  async nextAppend(timeoutMs: number, signal?: AbortSignal, since?: number): Promise<void> {
    await this.ensureListening();
    if (signal?.aborted) return;
    // A commit notified while the follower was reading may be after what it read: no waiting then.
    if (since !== undefined && since !== this.notifications) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done);
      if (!this.closed) this.waiters.add(done);
    });
  }

  private ensureListening(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async listen(): Promise<void> {
    try {
      const client = await this.db.pool.connect();
      client.on('notification', (message: Notification) => {
        if (message.channel === EVENTS_CHANNEL) {
          this.notifications += 1;
          this.wakeAll();
        }
      });
      client.on('error', (error) => {
        this.logger.warn(`event notifications lost, reconnecting: ${error.message}`);
        this.dropListener(client, error);
      });
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`cannot listen for event notifications yet: ${(error as Error).message}`);
    }
  }

  private dropListener(client: PoolClient, error?: Error): void {
    if (this.listener === client) this.listener = undefined;
    client.release(error ?? true);
    this.wakeAll();
  }

  private wakeAll(): void {
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
  }

  onModuleDestroy(): void {
    this.closed = true;
    if (this.listener) this.dropListener(this.listener);
    this.wakeAll();
  }
}
