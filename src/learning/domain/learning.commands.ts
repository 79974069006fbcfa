import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type {
  ComplexitySnapshotRecorded,
  DecisionRecorded,
  DocsCached,
  EstimateRecorded,
  FailureRecorded,
  PatternUsageRecorded,
  RetrospectiveRecorded,
  SpikeRecorded,
} from './learning.events.js';

/** Record a learning under a caller-chosen id; an id that is already recorded records nothing (idempotent). */
interface RecordCommand<Type extends string, Event extends DomainEvent> {
  type: Type;
  record: Omit<Event['data'], 'by' | 'at'>;
  by: Actor;
  now: string;
}

export type RecordFailure = RecordCommand<'RecordFailure', FailureRecorded>;
export type RecordRetrospective = RecordCommand<'RecordRetrospective', RetrospectiveRecorded>;
export type RecordSpike = RecordCommand<'RecordSpike', SpikeRecorded>;
export type RecordPatternUsage = RecordCommand<'RecordPatternUsage', PatternUsageRecorded>;
export type RecordDecision = RecordCommand<'RecordDecision', DecisionRecorded>;
/** The write-once records: one event each, never changed afterwards. */
export type RecordOnce = RecordFailure | RecordRetrospective | RecordSpike | RecordPatternUsage | RecordDecision;

export type RecordEstimate = RecordCommand<'RecordEstimate', EstimateRecorded>;
export interface CompleteEstimate {
  type: 'CompleteEstimate';
  estimateId: string;
  actualSessions: number;
  by: Actor;
  now: string;
}
export type EstimateCommand = RecordEstimate | CompleteEstimate;

/** A snapshot of one file's metrics, appended to that file's stream. */
export type RecordComplexitySnapshot = RecordCommand<'RecordComplexitySnapshot', ComplexitySnapshotRecorded>;

/** `expiresAt` null: the default lifetime from `now`. */
export interface CacheDocs {
  type: 'CacheDocs';
  record: Omit<DocsCached['data'], 'by' | 'at' | 'expiresAt'> & { expiresAt: string | null };
  by: Actor;
  now: string;
}
