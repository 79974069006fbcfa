import type { Sql } from '../database/sql.js';
import type { DomainEvent, RecordedEvent } from '../event-store/event.types.js';

/** An event of `E` as the store recorded it: position, stream, version and metadata besides type and data. */
export type Recorded<E extends DomainEvent = DomainEvent> = RecordedEvent & E;

/**
 * A read model: maps events to rows of its own tables. Handlers must be idempotent (upserts keyed
 * by the event's stream and version), so replaying a batch changes nothing. `E` is the union of
 * the events it reads; the runner passes only those (by `eventTypes`), so `apply` needs no casts.
 */
export interface Projection<E extends DomainEvent = DomainEvent> {
  readonly name: string;
  /** inline: runs in the append's transaction (read-your-writes); async: follows the store from a checkpoint. */
  readonly mode: 'inline' | 'async';
  /** Event types this projection reads; others are never passed to `apply`. */
  readonly eventTypes: readonly E['type'][];
  apply(events: readonly Recorded<E>[], tx: Sql): Promise<void>;
  /** Empties the projection's tables before a rebuild from position 0. */
  reset(tx: Sql): Promise<void>;
}

/**
 * The skeleton most projections share: handle each event on its own, in position order. A
 * subclass writes `applyEvent` (narrowed on `event.type`) and `reset`.
 */
export abstract class PerEventProjection<E extends DomainEvent> implements Projection<E> {
  abstract readonly name: string;
  abstract readonly mode: 'inline' | 'async';
  abstract readonly eventTypes: readonly E['type'][];

  async apply(events: readonly Recorded<E>[], tx: Sql): Promise<void> {
    for (const event of events) await this.applyEvent(event, tx);
  }

  protected abstract applyEvent(event: Recorded<E>, tx: Sql): Promise<void>;

  abstract reset(tx: Sql): Promise<void>;
}

export function eventsFor(projection: Projection, events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.filter((event) => projection.eventTypes.includes(event.type));
}
