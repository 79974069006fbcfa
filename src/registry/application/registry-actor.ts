import type { Actor } from '../../platform/event-store/event.types.js';

/** The registry acting on its own: the execution worker recording outcomes, lock expiry firing. */
export const REGISTRY_ACTOR: Actor = { kind: 'system', id: 'registry' };
