import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { OutputType } from '../../branching/index.js';
import type { PushTarget } from './output.types.js';

/**
 * Events of stream `resolution_output-<outputId>`, schema version 1: one drafted document of a
 * resolution. Every event names its session, so the session's room sees the output change.
 */
interface Base {
  outputId: string;
  sessionId: string;
  type: OutputType;
}

/** The model (or the offline writer) drafted the content for generation request `requestId`: content version `version`. */
export type OutputDrafted = DomainEvent<
  'OutputDrafted',
  Base & { requestId: string; content: string; model: string; attempts: number; version: number; at: string }
>;

/** Every try of request `requestId` failed; the output can be regenerated (or written by hand). */
export type OutputGenerationFailed = DomainEvent<
  'OutputGenerationFailed',
  Base & { requestId: string; reason: string; attempts: number; at: string }
>;

/** A person edited the content: version `version`; an approval of an earlier version no longer holds. */
export type OutputEdited = DomainEvent<'OutputEdited', Base & { content: string; version: number; by: Actor; at: string }>;

export type OutputRegenerationRequested = DomainEvent<
  'OutputRegenerationRequested',
  Base & { requestId: string; instructions: string | null; by: Actor; at: string }
>;

export type OutputApproved = DomainEvent<'OutputApproved', Base & { version: number; by: Actor; at: string }>;

export type OutputRejected = DomainEvent<'OutputRejected', Base & { reason: string; by: Actor; at: string }>;

/**
 * The approved content went to `target` (once per target and approved version). `reference` is what
 * the target knows it by: the PSA delivery id, the e-mail's message id, the article id; null for the
 * clipboard.
 */
export type OutputPushed = DomainEvent<
  'OutputPushed',
  Base & { pushId: string; target: PushTarget; to: string[] | null; reference: string | null; version: number; by: Actor; at: string }
>;

export type OutputEvent =
  OutputDrafted | OutputGenerationFailed | OutputEdited | OutputRegenerationRequested | OutputApproved | OutputRejected | OutputPushed;

export const outputEventTypes = [
  'OutputDrafted',
  'OutputGenerationFailed',
  'OutputEdited',
  'OutputRegenerationRequested',
  'OutputApproved',
  'OutputRejected',
  'OutputPushed',
] as const satisfies readonly OutputEvent['type'][];
