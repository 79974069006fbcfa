import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Sql } from '../database/sql.js';
import { HORIZON } from './append-locks.js';
import { AppendBatcher } from './append-batcher.js';
import type { AppendOptions, AppendResult } from './append.types.js';
import type { DomainEvent, RecordedEvent } from './event.types.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './event-row.js';
import { streamTypeOf } from './stream-id.js';
import { Upcasters } from './upcasters.js';

// The store's constants and types live beside the batcher (no import cycle); callers import them from here.
export { APPEND_LOCK_KEY, APPEND_MARKER, EVENTS_CHANNEL } from './append-locks.js';
export type { AppendOptions, AppendResult } from './append.types.js';

export interface ReadAllOptions {
  after: number;
  limit: number;
  types?: readonly string[];
  /** Only this organization's events. */
  tenantId?: string;
}

/** The event store's API: append (through the batcher), read one stream, read all in position order. */
@Injectable()
export class EventStore {
  constructor(
    private readonly db: Database,
    private readonly batcher: AppendBatcher,
    readonly upcasters: Upcasters,
  ) {}

  /**
   * Appends atomically: all events or none, at exactly `expectedVersion` + 1…n. Concurrent appends
   * of this process are grouped into shared transactions; each keeps its own version check.
   */
  append(streamId: string, events: readonly DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    streamTypeOf(streamId);
    if (events.length === 0) throw new Error('append needs at least one event');
    return new Promise((resolve, reject) => {
      this.batcher.submit({ streamId, events, options, resolve, reject });
    });
  }

  /** `E` names the event types the stream holds (its stream type decides them); the rows are not checked against it. */
  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, fromVersion = 1): Promise<(RecordedEvent & E)[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
      [streamId, fromVersion],
    );
    return rows.map((row) => this.recorded<E>(row));
  }

  /** Several streams in one query (a batch of deadline firings): each stream's events in version order, an unknown stream empty. */
  async readStreams<E extends DomainEvent = DomainEvent>(streamIds: readonly string[]): Promise<Map<string, (RecordedEvent & E)[]>> {
    const streams = new Map<string, (RecordedEvent & E)[]>(streamIds.map((streamId) => [streamId, []]));
    if (streamIds.length === 0) return streams;
    const rows = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version`,
      [[...new Set(streamIds)]],
    );
    for (const row of rows) streams.get(row.stream_id)?.push(this.recorded<E>(row));
    return streams;
  }

  /** Events after `after` in position order, never skipping one that commits later (see append-locks.ts). */
  async readAll(options: ReadAllOptions, sql: Sql = this.db): Promise<RecordedEvent[]> {
    const rows = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM events
        WHERE position > $1 AND transaction_id < ${HORIZON}
          AND ($3::text[] IS NULL OR type = ANY($3::text[]))
          AND ($4::text IS NULL OR tenant_id = $4)
        ORDER BY position LIMIT $2`,
      [options.after, options.limit, options.types ?? null, options.tenantId ?? null],
    );
    return rows.map((row) => this.recorded(row));
  }

  /** The highest position appended so far (its transaction may still be committing). */
  async headPosition(): Promise<number> {
    const [row] = await this.db.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
    return Number(row.head);
  }

  /**
   * The highest position below which every event is committed and readable: where a follower that
   * wants only new events starts. (headPosition can be above an event still committing.)
   */
  async readableHeadPosition(): Promise<number> {
    const [row] = await this.db.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM events WHERE transaction_id < ${HORIZON}`,
    );
    return Number(row.head);
  }

  /** A stored row as the event it is today (upcast to its type's current schema). */
  private recorded<E extends DomainEvent = DomainEvent>(row: EventRow): RecordedEvent & E {
    return this.upcasters.upcast(toRecordedEvent(row)) as RecordedEvent & E;
  }
}
