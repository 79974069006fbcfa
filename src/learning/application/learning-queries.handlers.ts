import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../platform/decider/clock.js';
import { decisionsMarkdown, estimatesMarkdown, failuresMarkdown, patternsMarkdown } from '../domain/living-docs.js';
import { SIMILARITY_THRESHOLD } from '../domain/similarity.js';
import { TextEmbedder } from '../../platform/llm/index.js';
import { LESSONS } from './learning-records.js';
import { LearningReader } from './learning.reader.js';
import {
  ComplexityWarningsQuery,
  CorrectionFactorQuery,
  GetLearningQuery,
  ListLearningQuery,
  LivingDocQuery,
  SimilarFailuresQuery,
} from './learning.queries.js';
import type { ListedKind } from './learning.views.js';

@QueryHandler(ListLearningQuery)
export class ListLearningHandler implements IQueryHandler<ListLearningQuery<ListedKind>> {
  constructor(private readonly reader: LearningReader) {}

  execute({ tenantId, kind, filters, page }: ListLearningQuery<ListedKind>) {
    return this.reader.list(kind, tenantId, filters, page);
  }
}

@QueryHandler(GetLearningQuery)
export class GetLearningHandler implements IQueryHandler<GetLearningQuery<ListedKind>> {
  constructor(private readonly reader: LearningReader) {}

  execute({ tenantId, kind, id }: GetLearningQuery<ListedKind>) {
    return this.reader.one(kind, tenantId, id);
  }
}

@QueryHandler(SimilarFailuresQuery)
export class SimilarFailuresHandler implements IQueryHandler<SimilarFailuresQuery> {
  constructor(
    private readonly reader: LearningReader,
    private readonly embedder: TextEmbedder,
  ) {}

  async execute({ tenantId, text, limit }: SimilarFailuresQuery) {
    return this.reader.similarFailures(tenantId, await this.embedder.embed(tenantId, text), SIMILARITY_THRESHOLD, limit);
  }
}

@QueryHandler(CorrectionFactorQuery)
export class CorrectionFactorHandler implements IQueryHandler<CorrectionFactorQuery> {
  constructor(
    private readonly reader: LearningReader,
    private readonly clock: Clock,
  ) {}

  execute({ tenantId, days }: CorrectionFactorQuery) {
    return this.reader.correctionFactor(tenantId, days, this.clock.now());
  }
}

@QueryHandler(ComplexityWarningsQuery)
export class ComplexityWarningsHandler implements IQueryHandler<ComplexityWarningsQuery> {
  constructor(private readonly reader: LearningReader) {}

  execute({ tenantId, page }: ComplexityWarningsQuery) {
    return this.reader.activeWarnings(tenantId, page);
  }
}

/** The newest records each document shows: a document to read, not an export of everything. */
export const LIVING_DOC_ENTRIES = 500;

@QueryHandler(LivingDocQuery)
export class LivingDocHandler implements IQueryHandler<LivingDocQuery> {
  constructor(
    private readonly reader: LearningReader,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, doc }: LivingDocQuery): Promise<string> {
    switch (doc) {
      case 'failures': {
        const failures = await this.reader.recent('failure', tenantId, LIVING_DOC_ENTRIES);
        return failuresMarkdown(failures.map((f) => ({ ...f, at: f.loggedAt })));
      }
      case 'estimates': {
        const [estimates, correction] = await Promise.all([
          this.reader.recent('estimate', tenantId, LIVING_DOC_ENTRIES),
          this.reader.correctionFactor(tenantId, LESSONS.correctionDays, this.clock.now()),
        ]);
        return estimatesMarkdown(
          estimates.map((e) => ({ ...e, at: e.recordedAt })),
          correction,
        );
      }
      case 'decisions': {
        const decisions = await this.reader.recent('decision', tenantId, LIVING_DOC_ENTRIES);
        return decisionsMarkdown(decisions.map((d) => ({ ...d, at: d.decidedAt })));
      }
      case 'patterns': {
        const [retrospectives, usage] = await Promise.all([
          this.reader.recent('retrospective', tenantId, LIVING_DOC_ENTRIES),
          this.reader.patternCounts(tenantId),
        ]);
        return patternsMarkdown(
          retrospectives.filter((r) => r.newPatterns.length > 0).map((r) => ({ ...r, at: r.loggedAt })),
          usage,
        );
      }
    }
  }
}
