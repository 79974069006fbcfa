import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../../platform/event-store/event.types.js';
import type { Principal } from '../../platform/http/auth/principal.js';

/** Who issues a command, in which organization, under which correlation. */
export interface CommandContext {
  tenantId: string;
  actor: Actor;
  correlationId: string;
  requestId?: string;
  /** The time the command is decided at, ISO 8601 (deciders never read a clock). */
  now: string;
}

export function contextOf(principal: Principal, requestId?: string): CommandContext {
  return {
    tenantId: principal.tenantId,
    actor: principal.memberId ? { kind: 'member', id: principal.memberId } : { kind: 'api_key', id: principal.keyId },
    correlationId: requestId ?? randomUUID(),
    ...(requestId ? { requestId } : {}),
    now: new Date().toISOString(),
  };
}

export function systemContext(tenantId: string, reason: string): CommandContext {
  return { tenantId, actor: { kind: 'system', id: reason }, correlationId: randomUUID(), now: new Date().toISOString() };
}

export function metadataOf(context: CommandContext): EventMetadata {
  return {
    tenantId: context.tenantId,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: null,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}
