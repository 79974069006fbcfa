import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { Database } from '../database/database.js';
import { sqlOf } from '../database/sql.js';
import { appendBatchSize, appendLockWaitSeconds, eventsAppended } from '../observability/metrics.js';
import { eventsFor } from '../projections/projection.js';
import { ProjectionRegistry } from '../projections/projection-registry.js';
import { APPEND_LOCK_KEY, APPEND_MARKER, EVENTS_CHANNEL } from './append-locks.js';
import { APPEND_STATEMENT, type InsertedRow, appendRows } from './append-statement.js';
import type { PendingAppend } from './append.types.js';
import type { RecordedEvent } from './event.types.js';
import { StreamVersionConflictError } from './event-store.errors.js';
import { streamTypeOf } from './stream-id.js';

const MAX_EVENTS_PER_BATCH = 1000;
/** Batches of one process committing at once; their fsyncs overlap (group commit). */
const MAX_BATCHES_IN_FLIGHT = 2;
const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_RETRIES = 3;
const DUPLICATE_PREPARED_STATEMENT = '42P05';
const APPEND_STATEMENT_NAME = 'agent_squad_append';
/** Indexes of results among the append message's statements (BEGIN, clock, lock, clock, mark, INSERT, …). */
const BEFORE_LOCK_RESULT = 1;
const AFTER_LOCK_RESULT = 3;
const INSERT_RESULT = 5;

/**
 * Groups the appends of this process into shared transactions (group commit): each keeps its own
 * version check, at most one append per stream is in flight, and a failed batch is retried append
 * by append. The SQL of one batch is a single message (see `commit`).
 */
@Injectable()
export class AppendBatcher {
  private queue: PendingAppend[] = [];
  private batchesInFlight = 0;
  private pumpScheduled = false;
  private readonly streamsInFlight = new Set<string>();
  private readonly prepared = new WeakSet<PoolClient>();

  constructor(
    private readonly db: Database,
    private readonly projections: ProjectionRegistry,
  ) {}

  /**
   * Queues an append; it settles when its batch commits (or it is refused). Batches are taken a
   * microtask later, so appends submitted together (a batch of deadline firings deciding on streams
   * read in one query) share one transaction instead of the first one leaving alone.
   */
  submit(request: PendingAppend): void {
    this.queue.push(request);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.batchesInFlight < MAX_BATCHES_IN_FLIGHT) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.batchesInFlight += 1;
      for (const request of batch) this.streamsInFlight.add(request.streamId);
      void this.settle(batch).finally(() => {
        this.batchesInFlight -= 1;
        for (const request of batch) this.streamsInFlight.delete(request.streamId);
        this.pump();
      });
    }
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
    const client = await this.db.pool.connect();
    let inserted: InsertedRow[];
    try {
      await this.prepareAppend(client);
      // One message: the lock is held only while the server executes the INSERT, never across a
      // round trip to this process, and never during inline projections or the COMMIT (fsync).
      // The clock readings around the lock measure its wait on the server (the profile of issue 19).
      const insert = `BEGIN; SELECT extract(epoch FROM clock_timestamp())::float8 AS at; SELECT pg_advisory_lock(${APPEND_LOCK_KEY}); SELECT extract(epoch FROM clock_timestamp())::float8 AS at; SELECT pg_advisory_xact_lock_shared(${APPEND_MARKER[0]}, ${APPEND_MARKER[1]}); EXECUTE ${APPEND_STATEMENT_NAME}(${client.escapeLiteral(appendRows(batch))}); SELECT pg_advisory_unlock(${APPEND_LOCK_KEY})`;
      const commit = `SELECT pg_notify('${EVENTS_CHANNEL}', ''); COMMIT`;
      if (inline.length === 0) {
        const results = await queryEach(client, `${insert}; ${commit}`);
        inserted = results[INSERT_RESULT].rows;
        countLockWait(results, batch.length);
      } else {
        // Inline projections run after the lock is released: what followers need (positions in
        // transaction-id order) is settled by the INSERT. Two appends of one stream never run at
        // once (the second conflicts on the stream version), so per-stream read models still see
        // their events in order.
        const results = await queryEach(client, insert);
        inserted = results[INSERT_RESULT].rows;
        countLockWait(results, batch.length);
        const recorded = matchInserted(batch, inserted).flatMap((outcome) => outcome.recorded ?? []);
        const tx = sqlOf(client);
        for (const projection of inline) {
          const relevant = eventsFor(projection, recorded);
          if (relevant.length > 0) await projection.apply(relevant, tx);
        }
        await client.query(commit);
      }
    } catch (error) {
      await client.query(`ROLLBACK; SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    appendBatchSize.observe(batch.length);
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

  /** Prepares the append statement once per connection: planning dominates an append's CPU cost. */
  private async prepareAppend(client: PoolClient): Promise<void> {
    if (this.prepared.has(client)) return;
    try {
      await client.query(`PREPARE ${APPEND_STATEMENT_NAME}(jsonb) AS ${APPEND_STATEMENT}`);
    } catch (error) {
      if ((error as { code?: string }).code !== DUPLICATE_PREPARED_STATEMENT) throw error;
    }
    this.prepared.add(client);
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

function countLockWait(results: QueryResult[], appends: number): void {
  const at = (index: number) => (results[index].rows[0] as unknown as { at: number }).at;
  appendLockWaitSeconds.inc(appends * Math.max(0, at(AFTER_LOCK_RESULT) - at(BEFORE_LOCK_RESULT)));
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
