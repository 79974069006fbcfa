import { Global, Module } from '@nestjs/common';
import { DeadlinePoller } from '../deadlines/deadline-poller.js';
import { DeadlineRegistry } from '../deadlines/deadline-registry.js';
import { ProjectionRegistry } from '../projections/projection-registry.js';
import { ProjectionRebuilder, ProjectionRunner } from '../projections/projection-runner.js';
import { AppendBatcher } from './append-batcher.js';
import { EventFeed } from './event-feed.js';
import { EventStore } from './event-store.js';
import { Upcasters } from './upcasters.js';

/** The event store and what follows it: projections and deadlines. */
@Global()
@Module({
  providers: [
    AppendBatcher,
    EventStore,
    EventFeed,
    Upcasters,
    ProjectionRegistry,
    ProjectionRunner,
    ProjectionRebuilder,
    DeadlineRegistry,
    DeadlinePoller,
  ],
  exports: [EventStore, EventFeed, Upcasters, ProjectionRegistry, ProjectionRebuilder, DeadlineRegistry, DeadlinePoller],
})
export class EventStoreModule {}
