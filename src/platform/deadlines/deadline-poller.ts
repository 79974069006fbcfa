import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { deadlineFiringDuration, deadlineLateness, deadlinesFired } from '../observability/metrics.js';
import type { DueDeadline } from './deadline.js';
import { DeadlineRegistry } from './deadline-registry.js';
import { retryDelayMs } from './retry-delay.js';

const CLAIM_BATCH = 200;
const CONCURRENCY = 16;
/** Due deadlines of one batch-firing type handed to one handler call. */
const FIRE_BATCH = 32;
/**
 * A claimed deadline whose process died is claimable again after this long. The process renews
 * the lease of what it holds every LEASE_RENEW_MS, so a firing may take as long as it needs while a
 * replica takes over a dead process's deadlines within a few seconds.
 */
export const LEASE_MS = 3_000;
const LEASE_RENEW_MS = 1_000;
export const MAX_DEADLINE_ATTEMPTS = 10;

interface DeadlineRow {
  id: string;
  key: string;
  type: string;
  tenant_id: string | null;
  payload: Record<string, unknown>;
  due_at: Date;
  attempts: number;
}

/**
 * Claims due deadlines with FOR UPDATE SKIP LOCKED (so replicas never claim the same row), fires
 * them, and marks them done; a failed firing is retried with exponential backoff.
 *
 * Firing is a pipeline: up to CONCURRENCY handler calls run at once and the next poll claims more as
 * soon as some finish, so one slow handler (a language model taking its time) holds one slot and
 * never delays the deadlines due behind it. A type registered with `registerBatch` gets up to
 * FIRE_BATCH of its due deadlines in one call (one slot), which is how thousands of escalations a
 * minute share reads and transactions.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlinePoller.name);
  private ticking: Promise<void> | undefined;
  private stopped = false;
  /** Claimed deadlines not yet handed to a worker. */
  private readonly queue: DueDeadline[] = [];
  /** Claimed and not finished (queued or firing): at most CLAIM_BATCH, so claims stay within the lease. */
  private claimed = 0;
  private readonly workers = new Set<Promise<void>>();
  private doneIds: number[] = [];
  private flushing: Promise<void> | undefined;
  /** The last poll left due deadlines unclaimed for lack of room: claim again as soon as a slot frees. */
  private backlog = false;
  /** Claimed deadlines not finished, by id, with the attempt that claimed them (the lease's owner). */
  private readonly held = new Map<number, number>();
  /** pollSoon came while a poll was under way: poll once more when it ends. */
  private pollAgain = false;

  constructor(
    private readonly db: Database,
    private readonly registry: DeadlineRegistry,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'deadline-poller',
      setInterval(() => void this.poll(), this.config.deadlinePollMs),
    );
    this.scheduler.addInterval(
      'deadline-lease-renewal',
      setInterval(() => void this.renewLeases(), LEASE_RENEW_MS),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const name of ['deadline-poller', 'deadline-lease-renewal'])
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    await this.ticking;
    await this.release(this.queue.splice(0)); // claimed but not started: a replica (or the next start) claims them at once
    await Promise.allSettled([...this.workers]);
    await this.flushDone();
  }

  /** Extends the lease of every deadline this process holds, unless another claim took it over. */
  private async renewLeases(): Promise<void> {
    if (this.held.size === 0) return;
    const ids = [...this.held.keys()];
    const attempts = ids.map((id) => this.held.get(id)!);
    await this.db
      .query(
        `UPDATE deadlines d SET lease_until = now() + $3 * interval '1 millisecond'
           FROM unnest($1::bigint[], $2::integer[]) AS mine(id, attempts)
          WHERE d.id = mine.id AND d.attempts = mine.attempts AND d.status = 'running'`,
        [ids, attempts, LEASE_MS],
      )
      .catch((error: Error) => this.logger.error(`renewing ${ids.length} deadline leases failed: ${error.message}`));
  }

  /** Hands claimed deadlines back (pending again, the claim's attempt not counted). */
  private async release(deadlines: DueDeadline[]): Promise<void> {
    if (deadlines.length === 0) return;
    for (const deadline of deadlines) this.held.delete(deadline.id);
    await this.db
      .query(
        `UPDATE deadlines d SET status = 'pending', lease_until = NULL, attempts = d.attempts - 1
           FROM unnest($1::bigint[], $2::integer[]) AS mine(id, attempts)
          WHERE d.id = mine.id AND d.attempts = mine.attempts AND d.status = 'running'`,
        [deadlines.map((deadline) => deadline.id), deadlines.map((deadline) => deadline.attempt)],
      )
      .catch((error: Error) => this.logger.error(`releasing ${deadlines.length} deadlines failed: ${error.message}`));
  }

  /**
   * One poll: claims what is due (as far as there is room) and starts firing it. Resolves once the
   * claimed deadlines are fired. Overlapping calls share the poll in progress.
   */
  async tick(): Promise<void> {
    await this.poll();
    await this.idle();
  }

  /**
   * A deadline due now was just committed (e.g. a discussion's next turn): claim it now rather than at
   * the next interval. A poll already under way may have read before that commit, so it is followed
   * by another one. Other replicas still find it at their interval.
   */
  pollSoon(): void {
    if (this.ticking) this.pollAgain = true;
    else void this.poll();
  }

  /** Claims what is due and starts firing it, without waiting for the firings. */
  private poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.claimDue()
      .catch((error: Error) => this.logger.error(`deadline poll failed: ${error.message}`))
      .finally(() => {
        this.ticking = undefined;
        if (this.pollAgain) {
          this.pollAgain = false;
          void this.poll();
        }
      });
    return this.ticking;
  }

  private async claimDue(): Promise<void> {
    while (!this.stopped) {
      const room = CLAIM_BATCH - this.claimed;
      this.backlog = room <= 0;
      if (room <= 0) return;
      const claimed = await this.claim(room);
      if (claimed.length === 0) return;
      this.claimed += claimed.length;
      for (const deadline of claimed) this.held.set(deadline.id, deadline.attempt);
      this.queue.push(...claimed);
      this.startWorkers();
      if (claimed.length < room) return;
    }
  }

  /** Resolves when nothing claimed is left to fire (and what fired is marked done). */
  private async idle(): Promise<void> {
    while (this.workers.size > 0) await Promise.allSettled([...this.workers]);
    await this.flushDone();
  }

  private startWorkers(): void {
    while (this.workers.size < CONCURRENCY && this.queue.length > 0) {
      const worker: Promise<void> = this.work().finally(() => {
        this.workers.delete(worker);
        // With a backlog, a freed slot is filled at once rather than at the next interval.
        if (this.backlog && !this.stopped) void this.poll();
      });
      this.workers.add(worker);
    }
  }

  private async work(): Promise<void> {
    for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
      try {
        const fired = await this.fire(batch);
        if (fired.length > 0) {
          this.doneIds.push(...fired.map((deadline) => deadline.id));
          await this.flushDone();
        }
      } finally {
        this.claimed -= batch.length;
        for (const deadline of batch) this.held.delete(deadline.id);
      }
    }
  }

  /**
   * The next deadline in due order and, when its type fires in batches, the queued deadlines of
   * that type after it (up to FIRE_BATCH): their streams are read in one query and their appends
   * share a transaction.
   */
  private takeBatch(): DueDeadline[] {
    const first = this.queue.shift();
    if (!first) return [];
    if (!this.registry.handlerFor(first.type)?.batches) return [first];
    const batch = [first];
    for (let index = 0; index < this.queue.length && batch.length < FIRE_BATCH;) {
      if (this.queue[index].type === first.type) batch.push(...this.queue.splice(index, 1));
      else index++;
    }
    return batch;
  }

  /** Marks fired deadlines done, several in one statement when they finish together. */
  private async flushDone(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.doneIds.length === 0) return;
    const done = this.doneIds;
    this.doneIds = [];
    this.flushing = this.db
      .query(
        `UPDATE deadlines SET status = 'done', fired_at = now(), lease_until = NULL WHERE id = ANY($1::bigint[]) AND status = 'running'`,
        [done],
      )
      .then(() => undefined)
      .catch((error: Error) => this.logger.error(`marking ${done.length} deadlines done failed: ${error.message}`))
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async claim(limit: number): Promise<DueDeadline[]> {
    const rows = await this.db.query<DeadlineRow>(
      `UPDATE deadlines d
          SET status = 'running', lease_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
         FROM (SELECT id FROM deadlines
                WHERE (status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now())
                ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
        WHERE d.id = due.id
        RETURNING d.id, d.key, d.type, d.tenant_id, d.payload, d.due_at, d.attempts`,
      [limit, LEASE_MS],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      key: row.key,
      type: row.type,
      tenantId: row.tenant_id,
      payload: row.payload,
      dueAt: row.due_at,
      attempt: row.attempts,
    }));
  }

  /** Fires a batch; answers the deadlines that fired. Each one that failed is retried on its own schedule. */
  private async fire(batch: DueDeadline[]): Promise<DueDeadline[]> {
    const { type } = batch[0];
    const handler = this.registry.handlerFor(type);
    const started = performance.now();
    const outcomes = handler
      ? await handler.fire(batch).catch((error: unknown) => batch.map(() => error as Error))
      : batch.map(() => new Error(`no handler for deadline type "${type}"`));
    const seconds = (performance.now() - started) / 1000;
    // Each deadline of the batch took the batch's time: the histogram counts firings, not batches.
    for (const _deadline of batch) deadlineFiringDuration.observe({ type }, seconds);
    const fired: DueDeadline[] = [];
    for (const [index, deadline] of batch.entries()) {
      const error = outcomes[index];
      if (!error) {
        fired.push(deadline);
        deadlinesFired.inc({ type, outcome: 'fired' });
        deadlineLateness.observe(Math.max(0, Date.now() - deadline.dueAt.getTime()) / 1000);
      } else await this.retryLater(deadline, error);
    }
    return fired;
  }

  private async retryLater(deadline: DueDeadline, error: Error): Promise<void> {
    const giveUp = deadline.attempt >= MAX_DEADLINE_ATTEMPTS;
    deadlinesFired.inc({ type: deadline.type, outcome: giveUp ? 'failed' : 'retry' });
    this.logger.warn(`deadline ${deadline.key} attempt ${deadline.attempt} failed: ${error.message}`);
    await this.db.query(
      `UPDATE deadlines
          SET status = $2, due_at = now() + $3 * interval '1 millisecond', lease_until = NULL, last_error = $4
        WHERE id = $1 AND status = 'running'`,
      [deadline.id, giveUp ? 'failed' : 'pending', retryDelayMs(deadline.attempt), error.message],
    );
  }
}
