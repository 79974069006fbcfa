import type { EventStore } from '../event-store/event-store.js';
import { StreamVersionConflictError } from '../event-store/event-store.errors.js';
import type { DomainEvent, EventMetadata, RecordedEvent } from '../event-store/event.types.js';
import type { Decider } from './decider.js';
import { type FoldedStream, foldOnto, readFolded } from './folded-stream.js';

export interface HandledCommand<State, Event extends DomainEvent = DomainEvent> {
  /** The state after the new events. */
  state: State;
  /** The stream version after the append (the ETag of the aggregate). */
  version: number;
  events: (RecordedEvent & Event)[];
}

export interface HandleOptions<Event extends DomainEvent = DomainEvent, State = unknown> {
  metadata: EventMetadata;
  /** The version the caller last saw (If-Match); a mismatch fails without retry. */
  expectedVersion?: number;
  /** Reloads on a concurrent append at most this many times. */
  retries?: number;
  /**
   * The stream as the caller has just read it (e.g. to look up what the command needs): the first
   * attempt decides on it instead of reading it again; a conflict reloads as usual. With `snapshot`:
   * the events after the snapshot's version.
   */
  loaded?: readonly (RecordedEvent & Event)[];
  /**
   * The stream already folded through a version (e.g. kept from an earlier command): the first
   * attempt folds only the events after it onto it. A conflict reloads the whole stream, so a stale
   * snapshot costs a longer read, never a wrong decision.
   */
  snapshot?: FoldedStream<State>;
}

/**
 * Load → fold → decide → append with the expected version. A concurrent writer makes the append
 * conflict; the command is then decided again on fresh state, a bounded number of times.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  options: HandleOptions<Event, State>,
): Promise<HandledCommand<State, Event>> {
  const retries = options.expectedVersion === undefined ? (options.retries ?? 3) : 0;
  for (let attempt = 0; ; attempt++) {
    // The first attempt builds on what the caller handed over; a conflict reloads the whole stream.
    const { state, version: current } =
      attempt === 0 && options.loaded
        ? foldOnto(options.snapshot ?? { state: decider.initialState(), version: 0 }, options.loaded, decider)
        : await readFolded(store, streamId, decider, attempt === 0 ? options.snapshot : undefined);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
      throw new StreamVersionConflictError(streamId, options.expectedVersion, current);
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, version: current, events: [] };
    try {
      const appended = await store.append(streamId, events, { expectedVersion: current, metadata: options.metadata });
      // The store returns what it was given, recorded: the same events, in order.
      const recorded = appended.events as (RecordedEvent & Event)[];
      return { state: events.reduce(decider.evolve, state), version: appended.nextVersion, events: recorded };
    } catch (error) {
      if (!(error instanceof StreamVersionConflictError) || attempt >= retries) throw error;
    }
  }
}
