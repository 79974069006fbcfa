import type { EventMetadata, RecordedEvent } from './event.types.js';

/** The columns an EventRow is read from, in its order. */
export const EVENT_COLUMNS = 'position, stream_id, stream_type, version, type, schema_version, data, metadata, recorded_at';

export interface EventRow {
  position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    streamType: row.stream_type,
    version: row.version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}
