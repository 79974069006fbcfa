import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { Database } from '../database/database.js';
import { sqlOf } from '../database/sql.js';
import { appendBatchSize, appendLockWaitSeconds, eventsAppended } from '../observability/metrics.js';
import { eventsFor } from '../projections/projection.js';
import { ProjectionRegistry } from '../projections/projection-registry.js';
import { APPEND_CALL, type InsertedRow, appendCallWith, appendRows } from './append-statement.js';
import type { PendingAppend } from './append.types.js';
import type { RecordedEvent } from './event.types.js';
import { StreamVersionConflictError } from './event-store.errors.js';
import { streamTypeOf } from './stream-id.js';

const MAX_EVENTS_PER_BATCH = 1000;
/** Batches of one process committing at once: a batch's INSERT can run while the other one commits. */
const MAX_BATCHES_IN_FLIGHT = 2;
const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_RETRIES = 3;
/** Each connection parses and plans the append call once, under this name. */
const APPEND_STATEMENT_NAME = 'agent_squad_append';
/** Index of the append call's result in the message `BEGIN; SELECT * FROM event_store_append(…)`. */
const INSERT_RESULT = 1;

/**
 * Groups the appends of this process into shared transactions (group commit): each keeps its own
 * version check, at most one append per stream is in flight, and a failed batch is retried append
 * by append. A batch is one round trip when no inline projection runs (see `commit`).
 *
 * Batches form in the next turn of the event loop, not at once: the appends that arrive together
 * (the callers woken by one batch's commit, which append again right away; a batch of deadline
 * firings deciding on streams read in one query) then share one transaction. A batch also does
 * not start beside a larger one in flight: without that rule a lone append kept cycling in its own
 * transaction beside a batch of all the others (measured: batches of 1 and 15 alternating with 16
 * writers, about half the transactions wasted).
 */
@Injectable()
export class AppendBatcher {
  private queue: PendingAppend[] = [];
  /** The batches in flight (their appends). */
  private readonly batchesInFlight: PendingAppend[][] = [];
  private readonly streamsInFlight = new Set<string>();
  private pumpScheduled = false;

  constructor(
    private readonly db: Database,
    private readonly projections: ProjectionRegistry,
  ) {}

  /** Queues an append; it settles when its batch commits (or it is refused). */
  submit(request: PendingAppend): void {
    this.queue.push(request);
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.batchesInFlight.length < MAX_BATCHES_IN_FLIGHT && this.queue.length >= this.largestInFlight()) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.batchesInFlight.push(batch);
      for (const request of batch) this.streamsInFlight.add(request.streamId);
      void this.settle(batch).finally(() => {
        this.batchesInFlight.splice(this.batchesInFlight.indexOf(batch), 1);
        for (const request of batch) this.streamsInFlight.delete(request.streamId);
        this.schedulePump();
      });
    }
  }

  private largestInFlight(): number {
    let largest = 1;
    for (const batch of this.batchesInFlight) largest = Math.max(largest, batch.length);
    return largest;
  }

  /**
   * Takes queued appends for one transaction: up to MAX_EVENTS_PER_BATCH events, at most one append
   * per stream across the batches in flight (a second append to a stream waits, so its expected
   * version is checked against the committed result of the first).
   */
  private takeBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const streams = new Set<string>();
    let events = 0;
    this.queue = this.queue.filter((request) => {
      const fits = batch.length === 0 || events + request.events.length <= MAX_EVENTS_PER_BATCH;
      if (!fits || streams.has(request.streamId) || this.streamsInFlight.has(request.streamId)) return true;
      batch.push(request);
      streams.add(request.streamId);
      events += request.events.length;
      return false;
    });
    return batch;
  }

  private async settle(batch: PendingAppend[]): Promise<void> {
    try {
      await this.commitRetryingDeadlocks(batch);
    } catch (error) {
      // The shared transaction failed (an inline projection threw, a connection broke): retry each
      // append alone, so one bad append cannot fail the others that rode along with it.
      if (batch.length === 1) batch[0].reject(this.asConflict(error, batch[0]));
      else
        for (const request of batch)
          await this.commitRetryingDeadlocks([request]).catch((alone) => request.reject(this.asConflict(alone, request)));
    }
  }

  /**
   * Inline projections of two batches can update the same read-model rows in different orders;
   * Postgres then rolls one back as a deadlock victim. Nothing of it was written, so it is simply
   * committed again.
   */
  private async commitRetryingDeadlocks(batch: PendingAppend[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commit(batch);
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const types = new Set(batch.flatMap((request) => request.events.map((event) => event.type)));
    const inline = this.projections.inline().filter((projection) => projection.eventTypes.some((type) => types.has(type)));
    const rows = appendRows(batch);
    const client = await this.db.pool.connect();
    let inserted: InsertedRow[];
    try {
      // The append lock is taken and released inside the one statement: it is held only while the
      // server executes the INSERT, never across a round trip to this process, and never during
      // inline projections or the COMMIT (fsync).
      if (inline.length === 0) {
        // A single statement that the server commits as it ends (autocommit): one round trip, the
        // batch as a parameter of a statement each connection parses once.
        const result = await client.query<InsertedRow>({ name: APPEND_STATEMENT_NAME, text: APPEND_CALL, values: [rows] });
        inserted = result.rows;
      } else {
        // Inline projections run after the lock is released: what followers need (positions in
        // transaction-id order) is settled by the INSERT. Two appends of one stream never run at
        // once (the second conflicts on the stream version), so per-stream read models still see
        // their events in order.
        const results = await queryEach(client, `BEGIN; ${appendCallWith(client.escapeLiteral(rows))}`);
        inserted = results[INSERT_RESULT].rows;
        const recorded = matchInserted(batch, inserted).flatMap((outcome) => outcome.recorded ?? []);
        const tx = sqlOf(client);
        for (const projection of inline) {
          const relevant = eventsFor(projection, recorded);
          if (relevant.length > 0) await projection.apply(relevant, tx);
        }
        await client.query('COMMIT');
      }
    } catch (error) {
      // A failed append call may still hold the session-level append lock (an abort keeps it).
      await client.query(`ROLLBACK; SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    appendBatchSize.observe(batch.length);
    // Counted once per append of the batch (each of them waited that long); a batch whose every
    // version check failed inserted no row and so reports no wait.
    if (inserted.length > 0) appendLockWaitSeconds.inc(batch.length * Math.max(0, inserted[0].lock_wait_seconds));
    for (const outcome of matchInserted(batch, inserted)) {
      if (outcome.recorded) {
        const recorded = outcome.recorded;
        eventsAppended.inc({ stream_type: recorded[0].streamType }, recorded.length);
        outcome.request.resolve({ nextVersion: recorded[recorded.length - 1].version, events: recorded });
      } else {
        outcome.request.reject(await this.conflictFor(outcome.request));
      }
    }
  }

  /** Another process appended to the stream without having committed yet: also a conflict. */
  private asConflict(error: unknown, request: PendingAppend): unknown {
    const code = (error as { code?: string }).code;
    const constraint = (error as { constraint?: string }).constraint;
    if (code === UNIQUE_VIOLATION && constraint === 'events_stream_version') {
      return new StreamVersionConflictError(request.streamId, request.options.expectedVersion, Number.NaN);
    }
    return error;
  }

  private async conflictFor(request: PendingAppend): Promise<StreamVersionConflictError> {
    const [row] = await this.db.query<{ version: number | null }>('SELECT max(version) AS version FROM events WHERE stream_id = $1', [
      request.streamId,
    ]);
    return new StreamVersionConflictError(request.streamId, request.options.expectedVersion, row.version ?? 0);
  }
}

/** A multi-statement message answers with one result per statement. */
async function queryEach(client: PoolClient, text: string): Promise<QueryResult<InsertedRow>[]> {
  // pg types a query as one result; a simple-protocol message of several statements yields an array.
  return (await client.query(text)) as unknown as QueryResult<InsertedRow>[];
}

interface Outcome {
  request: PendingAppend;
  /** Absent when the append's expected version was stale. */
  recorded?: RecordedEvent[];
}

/** Pairs each append with the rows the statement inserted for it (one append per stream per batch). */
function matchInserted(batch: PendingAppend[], inserted: InsertedRow[]): Outcome[] {
  const byStream = new Map<string, InsertedRow[]>();
  for (const row of inserted) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row]);
  return batch.map((request): Outcome => {
    const rows = byStream.get(request.streamId)?.sort((a, b) => a.version - b.version);
    if (!rows) return { request };
    const streamType = streamTypeOf(request.streamId);
    return {
      request,
      recorded: request.events.map((event, index) => ({
        position: Number(rows[index].position),
        streamId: request.streamId,
        streamType,
        version: rows[index].version,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data,
        metadata: request.options.metadata,
        recordedAt: rows[index].recorded_at,
      })),
    };
  });
}
