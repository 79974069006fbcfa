import { EventStore1763780000000 } from './1763780000000-event-store.js';

/** Every migration, in order. Listed explicitly so the same array works compiled and under jest. */
export const migrations = [EventStore1763780000000];
