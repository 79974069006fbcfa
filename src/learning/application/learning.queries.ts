import { Query } from '@nestjs/cqrs';
import type { LivingDoc } from '../domain/living-docs.js';
import type {
  ComplexityWarningView,
  CorrectionFactor,
  Keyed,
  LearningFilters,
  LearningViews,
  ListedKind,
  SimilarFailure,
} from './learning.views.js';

/** A page of one kind of record, in the order recorded (a docs entry moves to the end when fetched again). */
export class ListLearningQuery<K extends ListedKind> extends Query<Keyed<LearningViews[K]>[]> {
  constructor(
    readonly tenantId: string,
    readonly kind: K,
    readonly filters: LearningFilters,
    readonly page: { after: number; limit: number },
  ) {
    super();
  }
}

/** One record, if it is the tenant's (404 otherwise). */
export class GetLearningQuery<K extends ListedKind> extends Query<LearningViews[K]> {
  constructor(
    readonly tenantId: string,
    readonly kind: K,
    readonly id: string,
  ) {
    super();
  }
}

/** Failures whose feature is similar to `text` (SIMILARITY_THRESHOLD), most similar first. */
export class SimilarFailuresQuery extends Query<SimilarFailure[]> {
  constructor(
    readonly tenantId: string,
    readonly text: string,
    readonly limit: number,
  ) {
    super();
  }
}

export class CorrectionFactorQuery extends Query<CorrectionFactor> {
  constructor(
    readonly tenantId: string,
    readonly days: number,
  ) {
    super();
  }
}

/** The files whose complexity trend warns now. */
export class ComplexityWarningsQuery extends Query<Keyed<ComplexityWarningView>[]> {
  constructor(
    readonly tenantId: string,
    readonly page: { after: number; limit: number },
  ) {
    super();
  }
}

/** A living document as Markdown. */
export class LivingDocQuery extends Query<string> {
  constructor(
    readonly tenantId: string,
    readonly doc: LivingDoc,
  ) {
    super();
  }
}
