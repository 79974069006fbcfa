import type { Actor, EventMetadata } from '../../platform/event-store/event.types.js';
import type { Principal } from '../../platform/http/auth/principal.js';

/** Who issues a conversation command, and why: a request, or a deadline of the escalation saga. */
export interface ConversationContext {
  tenantId: string;
  actor: Actor;
  requestId?: string;
  /** What caused the command: the deadline key for saga commands. */
  causationId?: string;
  /** The time the command is decided at, ISO 8601 (the decider reads no clock). */
  now: string;
}

export function contextOf(principal: Principal, requestId?: string): ConversationContext {
  return {
    tenantId: principal.tenantId,
    actor: principal.memberId ? { kind: 'member', id: principal.memberId } : { kind: 'api_key', id: principal.keyId },
    ...(requestId ? { requestId } : {}),
    now: new Date().toISOString(),
  };
}

export function sagaContext(
  tenantId: string,
  deadlineKey: string,
  actor: Actor = { kind: 'system', id: 'escalation-saga' },
): ConversationContext {
  return { tenantId, actor, causationId: deadlineKey, now: new Date().toISOString() };
}

/** Every event of a conversation is correlated by the conversation's id, so its story can be followed across requests and deadlines. */
export function metadataOf(context: ConversationContext, conversationId: string): EventMetadata {
  return {
    tenantId: context.tenantId,
    actor: context.actor,
    correlationId: conversationId,
    causationId: context.causationId ?? context.requestId ?? null,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}
