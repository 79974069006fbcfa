import type { EventStore } from '../event-store/event-store.js';
import type { DomainEvent, RecordedEvent } from '../event-store/event.types.js';
import type { Decider } from './decider.js';

/** A stream folded through `version`: the state after its events 1…version (version 0: none yet). */
export interface FoldedStream<State> {
  state: State;
  version: number;
}

type Fold<State, Event> = Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>;

/** `events` (the ones after `start.version`, in order) folded onto `start`. */
export function foldOnto<State, Event>(
  start: FoldedStream<State>,
  events: readonly (RecordedEvent & Event)[],
  decider: Fold<State, Event>,
): FoldedStream<State> {
  if (events.length === 0) return start;
  return { state: events.reduce(decider.evolve, start.state), version: events[events.length - 1].version };
}

/**
 * The stream read and folded, from `start` on (an earlier fold of it) or from its beginning: only the
 * events after `start.version` are read, since stored events never change.
 */
export async function readFolded<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Fold<State, Event>,
  start: FoldedStream<State> = { state: decider.initialState(), version: 0 },
): Promise<FoldedStream<State>> {
  return foldOnto(start, await store.readStream<Event>(streamId, start.version + 1), decider);
}
