import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Sql } from '../database/sql.js';
import { EventFeed } from '../event-store/event-feed.js';
import { APPEND_LOCK_KEY, APPEND_MARKER, EventStore } from '../event-store/event-store.js';
import { projectionLag } from '../observability/metrics.js';
import { type Projection, eventsFor } from './projection.js';
import { ProjectionRegistry } from './projection-registry.js';

const BATCH = 500;
const IDLE_POLL_MS = 1000;
/**
 * The lag gauge is read at most this often per projection: it is one more query, and a follower that
 * runs after every append would otherwise add it to every append's cost (an idle one still reports on
 * its idle poll).
 */
const LAG_REPORT_MS = 1000;

/**
 * Runs every async projection from its checkpoint. Each batch is applied and checkpointed in one
 * transaction that holds the checkpoint row (FOR UPDATE SKIP LOCKED), so with several replicas
 * exactly one applies a given batch and a crash replays at most an uncommitted batch.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly stop = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly lagReportedAt = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly feed: EventFeed,
    private readonly registry: ProjectionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const projection of this.registry.async()) await this.start(projection);
  }

  /** Follows the store for `projection` until shutdown. */
  async start(projection: Projection): Promise<void> {
    await this.db.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [projection.name]);
    this.loops.push(this.follow(projection));
  }

  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.loops);
  }

  /** Applies one batch if this process gets the checkpoint; returns how many events it read. */
  async step(projection: Projection): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [checkpoint] = await tx.query<{ position: string }>(
        'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE SKIP LOCKED',
        [projection.name],
      );
      if (!checkpoint) return 0;
      const events = await this.store.readAll({ after: Number(checkpoint.position), limit: BATCH }, tx);
      if (events.length === 0) return 0;
      const relevant = eventsFor(projection, events);
      if (relevant.length > 0) await projection.apply(relevant, tx);
      const last = events[events.length - 1].position;
      await tx.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [projection.name, last]);
      return events.length;
    });
  }

  private async follow(projection: Projection): Promise<void> {
    while (!this.stop.signal.aborted) {
      const notified = this.feed.notified;
      try {
        const read = await this.step(projection);
        if (read === BATCH) continue;
        if (Date.now() - (this.lagReportedAt.get(projection.name) ?? 0) >= LAG_REPORT_MS) await this.reportLag(projection);
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.logger.error(`projection ${projection.name} failed, retrying: ${(error as Error).message}`);
      }
      await this.feed.nextAppend(IDLE_POLL_MS, this.stop.signal, notified);
    }
  }

  private async reportLag(projection: Projection): Promise<void> {
    this.lagReportedAt.set(projection.name, Date.now());
    const [row] = await this.db.query<{ lag: string }>(
      `SELECT (SELECT coalesce(max(position), 0) FROM events) - position AS lag
         FROM projection_checkpoints WHERE name = $1`,
      [projection.name],
    );
    if (row) projectionLag.set({ projection: projection.name }, Number(row.lag));
  }
}

/**
 * Rebuilds projections from position 0. An inline projection is rebuilt under the append lock,
 * so no append lands between its reset and its catch-up; an async one under its checkpoint row.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly registry: ProjectionRegistry,
  ) {}

  async rebuild(name: string): Promise<{ name: string; events: number }[]> {
    const targets = name === 'all' ? this.registry.all() : [this.registry.get(name)].filter((p) => p !== undefined);
    if (targets.length === 0) {
      const known =
        this.registry
          .all()
          .map((p) => p.name)
          .join(', ') || 'none';
      throw new Error(`unknown projection "${name}" (known: ${known})`);
    }
    const results = [];
    for (const projection of targets) results.push({ name: projection.name, events: await this.rebuildOne(projection) });
    return results;
  }

  private rebuildOne(projection: Projection): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (projection.mode === 'inline') {
        // No append can start while we hold the lock; appends already past it are committing.
        await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
      } else {
        await tx.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [projection.name]);
        await tx.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
      }
      await waitForOlderAppends(tx);
      await projection.reset(tx);
      let after = 0;
      let applied = 0;
      for (;;) {
        const events = await this.store.readAll({ after, limit: BATCH, types: projection.eventTypes }, tx);
        if (events.length === 0) break;
        await projection.apply(events, tx);
        applied += events.length;
        after = events[events.length - 1].position;
      }
      if (projection.mode === 'async') {
        // Events committed after the last read have higher positions; the runner picks them up.
        await tx.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [projection.name, after]);
      }
      return applied;
    });
  }
}

/**
 * Waits until every append older than our transaction has ended, so that our reads below the
 * horizon (EventStore.readAll) cover every append that started before the rebuild. Transactions
 * that are not appends (unmarked) do not hold it back. Ids are compared by age, which survives
 * wraparound.
 */
async function waitForOlderAppends(tx: Sql, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [row] = await tx.query<{ clear: boolean }>(
      `SELECT NOT EXISTS (
         SELECT 1 FROM pg_locks mark
           JOIN pg_locks running ON running.virtualtransaction = mark.virtualtransaction
                                AND running.locktype = 'transactionid' AND running.mode = 'ExclusiveLock'
          WHERE mark.locktype = 'advisory' AND mark.granted
            AND mark.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND mark.classid = $1 AND mark.objid = $2 AND mark.objsubid = 2
            AND age(running.transactionid) > age(pg_current_xact_id()::xid)) AS clear`,
      [APPEND_MARKER[0], APPEND_MARKER[1]],
    );
    if (row.clear) return;
    if (Date.now() - started > timeoutMs) throw new Error('rebuild gave up waiting for older appends to finish');
    await new Promise((done) => setTimeout(done, 20));
  }
}
