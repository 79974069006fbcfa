import type {
  ComplexitySnapshotRecorded,
  DecisionRecorded,
  DocsCached,
  EstimateRecorded,
  FailureRecorded,
  PatternUsageRecorded,
  RetrospectiveRecorded,
  SpikeRecorded,
} from '../domain/learning.events.js';
import type { LearningKind } from '../domain/learning.types.js';

/** What a record's event says besides what the handler adds: its ids, organization, author and time. */
type Given<Kind extends LearningKind, Data, Added extends keyof Data> = { kind: Kind } & Omit<Data, Added | 'organizationId' | 'by' | 'at'>;

/** A record as a caller gives it: the API's bodies and a pipeline run's parts, one shape per kind. */
export type LearningInput =
  | Given<'failure', FailureRecorded['data'], 'failureId'>
  | Given<'estimate', EstimateRecorded['data'], 'estimateId'>
  | Given<'retrospective', RetrospectiveRecorded['data'], 'retrospectiveId'>
  | Given<'spike', SpikeRecorded['data'], 'spikeId'>
  | Given<'complexity_snapshot', ComplexitySnapshotRecorded['data'], 'snapshotId'>
  | Given<'pattern_usage', PatternUsageRecorded['data'], 'usageId'>
  /** `expiresAt` null: the default lifetime. */
  | (Given<'docs', DocsCached['data'], 'entryId' | 'expiresAt'> & { expiresAt: string | null })
  | Given<'decision', DecisionRecorded['data'], 'decisionId'>;

export type LearningInputOf<K extends LearningInput['kind']> = Extract<LearningInput, { kind: K }>;

/** What a write answers: the record's id (for docs: its library version's entry) and its stream's version. */
export interface LearningWritten {
  id: string;
  version: number;
}
