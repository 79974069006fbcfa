import type { Actor } from '../../platform/event-store/event.types.js';
import type { RetentionOutcome, RetentionRule } from './retention.types.js';

export interface SetRetentionRules {
  type: 'SetRetentionRules';
  organizationId: string;
  rules: RetentionRule[];
  /** The names of the targets the running modules registered: a rule for another is refused. */
  knownTargets: readonly string[];
  by: Actor;
  now: string;
}

export interface RecordRetentionApplied {
  type: 'RecordRetentionApplied';
  organizationId: string;
  /** The run's key (the sweep's deadline key, or the request's id for a run by hand). */
  runKey: string;
  outcome: RetentionOutcome;
  now: string;
}

export type RetentionCommand = SetRetentionRules | RecordRetentionApplied;
