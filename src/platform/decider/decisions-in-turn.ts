import type { EventStore } from '../event-store/event-store.js';
import type { DomainEvent } from '../event-store/event.types.js';
import { type HandleOptions, type HandledCommand, handleCommand } from './command-handling.js';
import type { Decider } from './decider.js';
import type { FoldedStream } from './folded-stream.js';

interface Turn {
  /** Settles when the last command queued on the stream has. */
  tail: Promise<unknown>;
  /** The stream as the previous command of this turn left it; none before the first. */
  fold?: FoldedStream<unknown>;
  waiting: number;
}

/**
 * Commands on one stream decided one after another in this process, each on the state the previous
 * one left, while they keep arriving: fifty people claiming one item at once cost one read and one
 * append (the winner's), and forty-nine decisions in memory that refuse. Only the first command of a
 * turn reads the stream; a later one that appends still checks the version, so a write by another
 * process in between makes it conflict and be decided again on a fresh read. A refusal may rest on
 * the turn's state: the commands are concurrent, and this order is one they could have had.
 */
export class DecisionsInTurn {
  private readonly turns = new Map<string, Turn>();

  handle<State, Command, Event extends DomainEvent>(
    store: EventStore,
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    options: HandleOptions<Event, State>,
  ): Promise<HandledCommand<State, Event>> {
    const turn = this.turns.get(streamId) ?? { tail: Promise.resolve(), waiting: 0 };
    this.turns.set(streamId, turn);
    turn.waiting += 1;
    const run = turn.tail.then(async () => {
      const kept = turn.fold as FoldedStream<State> | undefined;
      const handled = await handleCommand(store, streamId, decider, command, kept ? { ...options, snapshot: kept, loaded: [] } : options);
      turn.fold = { state: handled.state, version: handled.version };
      return handled;
    });
    turn.tail = run
      .catch(() => undefined)
      .finally(() => {
        turn.waiting -= 1;
        // The turn ends with its last command: the next one reads the stream again.
        if (turn.waiting === 0 && this.turns.get(streamId) === turn) this.turns.delete(streamId);
      });
    return run;
  }
}
