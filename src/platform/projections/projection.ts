import type { Sql } from '../database/sql.js';
import type { RecordedEvent } from '../event-store/event.types.js';

/**
 * A read model: maps events to rows of its own tables. Handlers must be idempotent (upserts keyed
 * by the event's stream and version), so replaying a batch changes nothing.
 */
export interface Projection {
  readonly name: string;
  /** inline: runs in the append's transaction (read-your-writes); async: follows the store from a checkpoint. */
  readonly mode: 'inline' | 'async';
  /** Event types this projection reads; others are never passed to `apply`. */
  readonly eventTypes: readonly string[];
  apply(events: readonly RecordedEvent[], tx: Sql): Promise<void>;
  /** Empties the projection's tables before a rebuild from position 0. */
  reset(tx: Sql): Promise<void>;
}

export function eventsFor(projection: Projection, events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.filter((event) => projection.eventTypes.includes(event.type));
}
