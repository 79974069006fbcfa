import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { RetentionRule } from './retention.types.js';

/** Events of stream `retention-<organization id>`, schema version 1. */

/** The organization's overrides, all of them: a target left out keeps its default again. */
export type RetentionRulesSet = DomainEvent<'RetentionRulesSet', { organizationId: string; rules: RetentionRule[]; by: Actor; at: string }>;

/**
 * A run removed rows of one target: the audit of what retention deleted. Runs that remove nothing
 * record nothing, so a quiet organization's stream does not grow by the day.
 */
export type RetentionApplied = DomainEvent<
  'RetentionApplied',
  { organizationId: string; target: string; days: number; cutoff: string; removed: number; runKey: string; at: string }
>;

export type RetentionEvent = RetentionRulesSet | RetentionApplied;
export const RETENTION_EVENT_TYPES = ['RetentionRulesSet', 'RetentionApplied'] as const satisfies readonly RetentionEvent['type'][];
