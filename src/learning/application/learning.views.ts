import type { Actor } from '../../platform/event-store/event.types.js';
import type { ComplexityMetrics, PatternOutcome } from '../domain/learning.types.js';
import type { EstimateCorrection, PastFailure, PastRetrospective } from '../pipeline-learning.js';

/** A failure as lessonsFor shows it (without a similarity), with who recorded it for which run. */
export interface FailureView extends Omit<PastFailure, 'similarity'> {
  pipelineId: string | null;
  recordedBy: Actor;
}

export interface EstimateView {
  id: string;
  feature: string;
  estimatedSessions: number;
  actualSessions: number | null;
  complexity: number;
  filesCreated: number | null;
  filesModified: number | null;
  notes: string | null;
  pipelineId: string | null;
  recordedBy: Actor;
  recordedAt: string;
  completedAt: string | null;
}

export interface RetrospectiveView extends PastRetrospective {
  recordedBy: Actor;
}

export interface SpikeView {
  id: string;
  feature: string;
  question: string;
  approach: string;
  result: string;
  viable: boolean;
  lessons: string;
  timeSpentMinutes: number;
  pipelineId: string | null;
  recordedBy: Actor;
  loggedAt: string;
}

export interface ComplexityWarningView {
  file: string;
  active: boolean;
  /** The snapshot that started the warning. */
  snapshotId: string;
  fromScore: number;
  toScore: number;
  growth: number;
  window: number;
  startedAt: string;
  clearedAt: string | null;
}

export interface ComplexitySnapshotView {
  id: string;
  file: string;
  metrics: ComplexityMetrics;
  recordedBy: Actor;
  snapshotAt: string;
  /** The file's active trend warning, if it has one. */
  warning: ComplexityWarningView | null;
}

export interface PatternUsageView {
  id: string;
  pattern: string;
  pipelineId: string | null;
  file: string | null;
  outcome: PatternOutcome;
  complianceScore: number | null;
  recordedBy: Actor;
  usedAt: string;
}

export interface DocsCacheView {
  id: string;
  library: string;
  version: string;
  content: string;
  sourceUrl: string | null;
  recordedBy: Actor;
  fetchedAt: string;
  expiresAt: string;
}

export interface DecisionView {
  id: string;
  pipelineId: string | null;
  phase: string;
  decision: string;
  reasoning: string;
  recordedBy: Actor;
  decidedAt: string;
}

/** The read model of each kind of record. */
export interface LearningViews {
  failure: FailureView;
  estimate: EstimateView;
  retrospective: RetrospectiveView;
  spike: SpikeView;
  complexity_snapshot: ComplexitySnapshotView;
  pattern_usage: PatternUsageView;
  docs: DocsCacheView;
  decision: DecisionView;
}

export type ListedKind = keyof LearningViews;

/** A list's filters: equality on the named fields (those each list endpoint documents). */
export type LearningFilters = Partial<Record<'pipelineId' | 'file' | 'pattern' | 'outcome' | 'library' | 'version' | 'phase', string>> & {
  viable?: boolean;
  completed?: boolean;
  /** Docs cache only: entries whose expiry is before this time. */
  expiredBefore?: string;
};

export interface Keyed<View> {
  key: number;
  view: View;
}

export interface SimilarFailure extends FailureView {
  similarity: number;
}

export type CorrectionFactor = EstimateCorrection;
