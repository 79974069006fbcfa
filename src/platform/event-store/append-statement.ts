import type { PendingAppend } from './append.types.js';

export interface InsertedRow {
  position: string;
  stream_id: string;
  version: number;
  recorded_at: Date;
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
 * One INSERT for a whole batch of appends (one per stream). It checks each append's expected
 * version against the stream's current version; appends whose check fails insert nothing.
 * Positions come from one nextval plus a row number, then the sequence is moved past them, so a
 * batch's positions are consecutive. Run only while holding APPEND_LOCK_KEY.
 */
export const APPEND_STATEMENT = `
  WITH req AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS r(ord integer, stream_id text, stream_type text, expected integer, seq integer, type text,
           schema_version integer, data jsonb, metadata jsonb, tenant_id text)
  ), current AS (
    SELECT s.stream_id, coalesce((SELECT max(e.version) FROM events e WHERE e.stream_id = s.stream_id), 0) AS version
      FROM (SELECT DISTINCT stream_id FROM req) s
  ), accepted AS (
    SELECT req.*, current.version AS base, row_number() OVER (ORDER BY req.ord) AS rn
      FROM req JOIN current USING (stream_id)
     WHERE req.expected IS NULL OR req.expected = current.version
  ), block AS MATERIALIZED (
    SELECT first, setval('events_position_seq', first + (SELECT count(*) FROM accepted) - 1) AS last
      FROM (SELECT nextval('events_position_seq') AS first) n
     WHERE EXISTS (SELECT 1 FROM accepted)
  )
  INSERT INTO events (position, stream_id, stream_type, version, type, schema_version, data, metadata, tenant_id, recorded_at)
  SELECT block.first + accepted.rn - 1, stream_id, stream_type, base + seq, type, schema_version, data, metadata, tenant_id, clock_timestamp()
    FROM accepted CROSS JOIN block
  RETURNING position, stream_id, version, recorded_at`;
