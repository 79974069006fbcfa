import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../../platform/event-store/event.types.js';

/** Who asks, for which tenant: what every registry command needs besides its own data. */
export interface CommandContext {
  tenantId: string;
  actor: Actor | null;
  correlationId?: string;
  causationId?: string | null;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'registry' };

export function metadataOf(context: CommandContext): EventMetadata {
  return {
    tenantId: context.tenantId,
    actor: context.actor,
    correlationId: context.correlationId ?? context.requestId ?? randomUUID(),
    causationId: context.causationId ?? null,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}
