import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '../database/database.js';
import { type Sql, sqlOf } from '../database/sql.js';
import { appendBatchSize, eventsAppended } from '../observability/metrics.js';
import { eventsFor } from '../projections/projection.js';
import { ProjectionRegistry } from '../projections/projection-registry.js';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent } from './event.types.js';
import { StreamVersionConflictError } from './event-store.errors.js';
import { type EventRow, toRecordedEvent } from './event-row.js';
import { streamTypeOf } from './stream-id.js';
import { Upcasters } from './upcasters.js';

/**
 * Every append of every process takes this transaction-scoped advisory lock before it picks
 * positions, and holds it until commit. Position order is therefore commit order, so a reader of
 * "events after P" can never miss an event that commits late. Concurrent appends of one process
 * share one transaction (group commit), which keeps throughput above one fsync per append.
 */
export const APPEND_LOCK_KEY = 7146733001;
export const EVENTS_CHANNEL = 'agent_squad_events';
const MAX_EVENTS_PER_BATCH = 1000;

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  after: number;
  limit: number;
  types?: readonly string[];
}

interface PendingAppend {
  streamId: string;
  events: readonly DomainEvent[];
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { request: PendingAppend } & ({ recorded: RecordedEvent[] } | { conflict: StreamVersionConflictError });

@Injectable()
export class EventStore {
  private queue: PendingAppend[] = [];
  private draining = false;

  constructor(
    private readonly db: Database,
    private readonly projections: ProjectionRegistry,
    readonly upcasters: Upcasters,
  ) {}

  /** Appends atomically: all events or none, at exactly `expectedVersion` + 1…n. */
  append(streamId: string, events: readonly DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    streamTypeOf(streamId);
    if (events.length === 0) throw new Error('append needs at least one event');
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  async readStream(streamId: string, fromVersion = 1): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT position, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at
         FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
      [streamId, fromVersion],
    );
    return rows.map((row) => this.upcasters.upcast(toRecordedEvent(row)));
  }

  /** Events after `after` in position (= commit) order. */
  async readAll(options: ReadAllOptions, sql: Sql = this.db): Promise<RecordedEvent[]> {
    const rows = await sql.query<EventRow>(
      `SELECT position, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at
         FROM events
        WHERE position > $1 AND ($3::text[] IS NULL OR type = ANY($3::text[]))
        ORDER BY position LIMIT $2`,
      [options.after, options.limit, options.types ?? null],
    );
    return rows.map((row) => this.upcasters.upcast(toRecordedEvent(row)));
  }

  async headPosition(): Promise<number> {
    const [row] = await this.db.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
    return Number(row.head);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.commit(batch);
        } catch (error) {
          // The shared transaction failed (an inline projection threw, a connection broke): retry
          // each append alone so one bad append cannot fail the others that rode along with it.
          if (batch.length === 1) batch[0].reject(error);
          else for (const request of batch) await this.commit([request]).catch((alone) => request.reject(alone));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events + this.queue[count].events.length <= MAX_EVENTS_PER_BATCH)) {
      events += this.queue[count].events.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const client = await this.db.pool.connect();
    let outcomes: Outcome[];
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
      outcomes = await this.decideVersions(client, batch);
      const accepted = outcomes.flatMap((outcome) => ('recorded' in outcome ? outcome.recorded : []));
      if (accepted.length === 0) {
        await client.query('ROLLBACK');
      } else {
        await insert(client, accepted);
        const tx = sqlOf(client);
        for (const projection of this.projections.inline()) {
          const relevant = eventsFor(projection, accepted);
          if (relevant.length > 0) await projection.apply(relevant, tx);
        }
        const head = accepted[accepted.length - 1].position;
        await client.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '${head}'); COMMIT`);
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    appendBatchSize.observe(batch.length);
    for (const outcome of outcomes) {
      if ('conflict' in outcome) {
        outcome.request.reject(outcome.conflict);
        continue;
      }
      const recorded = outcome.recorded;
      eventsAppended.inc({ stream_type: recorded[0].streamType }, recorded.length);
      outcome.request.resolve({ nextVersion: recorded[recorded.length - 1].version, events: recorded });
    }
  }

  /** Under the append lock: checks each expected version and assigns versions and positions. */
  private async decideVersions(client: PoolClient, batch: PendingAppend[]): Promise<Outcome[]> {
    const streamIds = [...new Set(batch.map((request) => request.streamId))];
    const {
      rows: [state],
    } = await client.query<{ head: string; versions: Record<string, number>; now: Date }>(
      `SELECT (SELECT coalesce(max(position), 0) FROM events) AS head,
              coalesce((SELECT json_object_agg(stream_id, version)
                           FROM (SELECT stream_id, max(version) AS version FROM events
                                  WHERE stream_id = ANY($1::text[]) GROUP BY stream_id) s), '{}') AS versions,
              clock_timestamp() AS now`,
      [streamIds],
    );
    let position = Number(state.head);
    const versions = new Map<string, number>(Object.entries(state.versions));
    return batch.map((request): Outcome => {
      const current = versions.get(request.streamId) ?? 0;
      const expected = request.options.expectedVersion;
      if (expected !== 'any' && expected !== current) {
        return { request, conflict: new StreamVersionConflictError(request.streamId, expected, current) };
      }
      const streamType = streamTypeOf(request.streamId);
      const recorded = request.events.map(
        (event, index): RecordedEvent => ({
          position: ++position,
          streamId: request.streamId,
          streamType,
          version: current + index + 1,
          type: event.type,
          schemaVersion: event.schemaVersion ?? 1,
          data: event.data,
          metadata: request.options.metadata,
          recordedAt: state.now,
        }),
      );
      versions.set(request.streamId, current + recorded.length);
      return { request, recorded };
    });
  }
}

async function insert(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const rows = events.map((event) => ({
    position: event.position,
    stream_id: event.streamId,
    stream_type: event.streamType,
    version: event.version,
    type: event.type,
    schema_version: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    tenant_id: event.metadata.tenantId,
  }));
  await client.query(
    `INSERT INTO events (position, stream_id, stream_type, version, type, schema_version, data, metadata, tenant_id, recorded_at)
     SELECT e.position, e.stream_id, e.stream_type, e.version, e.type, e.schema_version, e.data, e.metadata, e.tenant_id, $2
       FROM jsonb_to_recordset($1::jsonb) AS e(position bigint, stream_id text, stream_type text, version integer,
            type text, schema_version integer, data jsonb, metadata jsonb, tenant_id text)`,
    [JSON.stringify(rows), events[0].recordedAt],
  );
}
