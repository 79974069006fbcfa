import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../../platform/event-store/event.types.js';

/** Who asks for a routing change, on behalf of which organization, as part of which request. */
export interface RoutingContext {
  tenantId: string;
  actor: Actor | null;
  correlationId?: string;
  causationId?: string | null;
  requestId?: string;
}

export function metadataOf(context: RoutingContext): EventMetadata {
  return {
    tenantId: context.tenantId,
    actor: context.actor,
    correlationId: context.correlationId ?? context.requestId ?? randomUUID(),
    causationId: context.causationId ?? null,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}
