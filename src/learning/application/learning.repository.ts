import { Injectable } from '@nestjs/common';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import type { Decider } from '../../platform/decider/decider.js';
import { type FoldedStream, readFolded } from '../../platform/decider/folded-stream.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { DomainEvent } from '../../platform/event-store/event.types.js';

/** Loads and appends to learning streams; another organization's record does not exist (404). */
@Injectable()
export class LearningRepository {
  constructor(private readonly store: EventStore) {}

  load<State, Event extends DomainEvent>(streamId: string, decider: Decider<State, never, Event>): Promise<FoldedStream<State>> {
    return readFolded<State, Event>(this.store, streamId, decider);
  }

  /** Load → fold → decide → append, decided first on `loaded` when the caller has just read the stream. */
  handle<State, Command, Event extends DomainEvent>(
    context: CommandContext,
    target: { streamId: string; what: string; id: string },
    decider: Decider<State, Command, Event>,
    command: Command,
    loaded?: FoldedStream<State>,
  ) {
    return handleCommand<State, Command, Event>(
      this.store,
      target.streamId,
      withinTenant(decider, context.tenantId, target.what, target.id),
      command,
      {
        metadata: metadataOf(context),
        snapshot: loaded,
        loaded: loaded ? [] : undefined,
        retries: 3,
      },
    );
  }
}
