import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../event-store/event.types.js';

/**
 * Who issues a command, in which organization, why and when: what every command carries besides
 * its own data. Requests build it from the principal (see the write-context decorator), sagas and
 * workers with `systemContext`.
 */
export interface CommandContext {
  tenantId: string;
  actor: Actor;
  /** Ties the events of one story together: the request id, or what the story is about (a conversation's id). */
  correlationId: string;
  /** What caused the command when it is not a request: the deadline key or event id a saga reacts to. */
  causationId: string | null;
  requestId?: string;
  /** The time the command is decided at, ISO 8601, from the Clock (deciders never read one). */
  now: string;
}

export interface SystemCause {
  tenantId: string;
  actor: Actor;
  /** The deadline key or event id that caused the command. */
  causationId?: string;
  correlationId?: string;
}

/** A context for commands the system issues itself (sagas, deadlines, workers, seeders). */
export function systemContext(cause: SystemCause, now: Date): CommandContext {
  return {
    tenantId: cause.tenantId,
    actor: cause.actor,
    correlationId: cause.correlationId ?? cause.causationId ?? randomUUID(),
    causationId: cause.causationId ?? null,
    now: now.toISOString(),
  };
}

/** The one mapping of a command context to the metadata stored with its events. */
export function metadataOf(context: CommandContext): EventMetadata {
  return {
    tenantId: context.tenantId,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}

/** The same context, correlated by what its events are about (e.g. a conversation, across requests and deadlines). */
export function correlatedBy(context: CommandContext, correlationId: string): CommandContext {
  return { ...context, correlationId };
}
