import type { PendingAppend } from './append.types.js';

export interface InsertedRow {
  position: string;
  stream_id: string;
  version: number;
  recorded_at: Date;
  /** How long the batch waited for the append lock (the same on every row of a batch). */
  lock_wait_seconds: number;
}

/** The batch as the JSON array APPEND_STATEMENT reads, in append order. */
export function appendRows(batch: readonly PendingAppend[]): string {
  let ord = 0;
  const rows = batch.flatMap((request) =>
    request.events.map((event, index) => ({
      ord: ord++,
      stream_id: request.streamId,
      stream_type: request.streamId.slice(0, request.streamId.indexOf('-')),
      expected: request.options.expectedVersion === 'any' ? null : request.options.expectedVersion,
      seq: index + 1,
      type: event.type,
      schema_version: event.schemaVersion ?? 1,
      data: event.data,
      metadata: request.options.metadata,
      tenant_id: request.options.metadata.tenantId,
    })),
  );
  return JSON.stringify(rows);
}

/**
 * One statement for a whole batch of appends (one per stream): `event_store_append` takes the append
 * lock, checks each append's expected version against the stream's current version (appends whose
 * check fails insert nothing), numbers the batch's events with consecutive positions, releases the
 * lock and notifies followers (migrations/1763993000000-event-store-append-function.ts).
 */
export const APPEND_CALL = 'SELECT * FROM event_store_append($1)';

/** The same call with the batch inline, for a message that runs it inside a transaction of its own. */
export function appendCallWith(batchLiteral: string): string {
  return `SELECT * FROM event_store_append(${batchLiteral}::jsonb)`;
}
