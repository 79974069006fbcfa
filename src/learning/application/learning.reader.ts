import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { type Embedding, dotWithBytes } from '../../platform/llm/index.js';
import type {
  ComplexityWarningView,
  CorrectionFactor,
  Keyed,
  LearningFilters,
  LearningViews,
  ListedKind,
  RetrospectiveView,
  SimilarFailure,
} from './learning.views.js';

const WARNING_JSON = `json_build_object('file', w.file, 'active', w.active, 'snapshotId', w.snapshot_id, 'fromScore', w.from_score,
  'toScore', w.to_score, 'growth', w.growth, 'window', w.window_size, 'startedAt', w.started_at, 'clearedAt', w.cleared_at)`;

/** Each list's table (aliased `t`) and columns as the view's fields. */
const LISTS: Record<ListedKind, { from: string; columns: string }> = {
  failure: {
    from: 'learning_failures t',
    columns: `t.id, t.feature, t.approach, t.why_failed AS "whyFailed", t.lesson, t.pipeline_id AS "pipelineId", t.recorded_by AS "recordedBy", t.logged_at AS "loggedAt"`,
  },
  estimate: {
    from: 'learning_estimates t',
    columns: `t.id, t.feature, t.estimated_sessions AS "estimatedSessions", t.actual_sessions AS "actualSessions", t.complexity,
      t.files_created AS "filesCreated", t.files_modified AS "filesModified", t.notes, t.pipeline_id AS "pipelineId",
      t.recorded_by AS "recordedBy", t.recorded_at AS "recordedAt", t.completed_at AS "completedAt"`,
  },
  retrospective: {
    from: 'learning_retrospectives t',
    columns: `t.id, t.pipeline_id AS "pipelineId", t.feature, t.surprises, t.would_change AS "wouldChange", t.new_patterns AS "newPatterns",
      t.spike_accuracy AS "spikeAccuracy", t.recorded_by AS "recordedBy", t.logged_at AS "loggedAt"`,
  },
  spike: {
    from: 'learning_spikes t',
    columns: `t.id, t.feature, t.question, t.approach, t.result, t.viable, t.lessons, t.time_spent_minutes AS "timeSpentMinutes",
      t.pipeline_id AS "pipelineId", t.recorded_by AS "recordedBy", t.logged_at AS "loggedAt"`,
  },
  complexity_snapshot: {
    from: 'learning_complexity_snapshots t LEFT JOIN learning_complexity_warnings w ON w.tenant_id = t.tenant_id AND w.file = t.file AND w.active',
    columns: `t.id, t.file, json_build_object('lines', t.lines, 'functions', t.functions, 'dependencies', t.dependencies,
      'complexityScore', t.complexity_score) AS metrics, t.recorded_by AS "recordedBy", t.snapshot_at AS "snapshotAt",
      CASE WHEN w.file IS NULL THEN NULL ELSE ${WARNING_JSON} END AS warning`,
  },
  pattern_usage: {
    from: 'learning_pattern_usages t',
    columns: `t.id, t.pattern, t.pipeline_id AS "pipelineId", t.file, t.outcome, t.compliance_score AS "complianceScore",
      t.recorded_by AS "recordedBy", t.used_at AS "usedAt"`,
  },
  docs: {
    from: 'learning_docs_cache t',
    columns: `t.id, t.library, t.version, t.content, t.source_url AS "sourceUrl", t.recorded_by AS "recordedBy", t.fetched_at AS "fetchedAt",
      t.expires_at AS "expiresAt"`,
  },
  decision: {
    from: 'learning_decisions t',
    columns: `t.id, t.pipeline_id AS "pipelineId", t.phase, t.decision, t.reasoning, t.recorded_by AS "recordedBy", t.decided_at AS "decidedAt"`,
  },
};

/** Columns of the filters a list may get (docs: `library` compares case-insensitively, as entries are keyed). */
const FILTERS: Record<keyof Omit<LearningFilters, 'completed' | 'expiredBefore'>, string> = {
  pipelineId: 't.pipeline_id = $',
  file: 't.file = $',
  pattern: 't.pattern = $',
  outcome: 't.outcome = $',
  library: 'lower(t.library) = lower($)',
  version: 't.version = $',
  phase: 't.phase = $',
  viable: 't.viable = $',
};

/** Timestamps as ISO strings, so a row is its view (json_build_object gives them as text already). */
const iso = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);
function viewOf<View>(row: Record<string, unknown>): View {
  const entries = Object.entries(row).map(([field, value]) => [field, iso(value)]);
  const view = Object.fromEntries(entries) as View & { warning?: ComplexityWarningView | null };
  if (view.warning) view.warning = { ...view.warning, startedAt: new Date(view.warning.startedAt).toISOString(), clearedAt: null };
  return view;
}

/** The failures and retrospectives a similarity ranking reads: the newest of the organization, enough for years of runs. */
export const SIMILARITY_CANDIDATES = 2_000;

/** Reads the learning records' read models (the inline projection's rows). */
@Injectable()
export class LearningReader {
  constructor(private readonly db: Database) {}

  async list<K extends ListedKind>(
    kind: K,
    tenantId: string,
    filters: LearningFilters,
    page: { after: number; limit: number },
  ): Promise<Keyed<LearningViews[K]>[]> {
    const params: unknown[] = [tenantId, page.after];
    const where = ['t.tenant_id = $1', 't.position > $2'];
    for (const [name, condition] of Object.entries(FILTERS) as [keyof typeof FILTERS, string][]) {
      const value = filters[name];
      if (value === undefined) continue;
      params.push(value);
      where.push(condition.replace('$', `$${params.length}`));
    }
    if (filters.completed !== undefined) where.push(`t.completed_at IS ${filters.completed ? 'NOT ' : ''}NULL`);
    if (filters.expiredBefore !== undefined) {
      params.push(filters.expiredBefore);
      where.push(`t.expires_at <= $${params.length}`);
    }
    params.push(page.limit + 1);
    const { from, columns } = LISTS[kind];
    const rows = await this.db.query<Record<string, unknown> & { key: string }>(
      `SELECT t.position AS key, ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY t.position LIMIT $${params.length}`,
      params,
    );
    return rows.map(({ key, ...row }) => ({ key: Number(key), view: viewOf<LearningViews[K]>(row) }));
  }

  /** The newest `limit` records of a kind, newest first. */
  async recent<K extends ListedKind>(kind: K, tenantId: string, limit: number): Promise<LearningViews[K][]> {
    const { from, columns } = LISTS[kind];
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${columns} FROM ${from} WHERE t.tenant_id = $1 ORDER BY t.position DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => viewOf<LearningViews[K]>(row));
  }

  async one<K extends ListedKind>(kind: K, tenantId: string, id: string): Promise<LearningViews[K]> {
    const { from, columns } = LISTS[kind];
    const [row] = await this.db.query<Record<string, unknown>>(`SELECT ${columns} FROM ${from} WHERE t.id = $1 AND t.tenant_id = $2`, [
      id,
      tenantId,
    ]);
    if (!row) throw new NotFoundError(kind.replace('_', ' '), id);
    return viewOf<LearningViews[K]>(row);
  }

  private async byIds<K extends ListedKind>(kind: K, tenantId: string, ids: readonly string[]): Promise<Map<string, LearningViews[K]>> {
    if (ids.length === 0) return new Map();
    const { from, columns } = LISTS[kind];
    const rows = await this.db.query<Record<string, unknown> & { id: string }>(
      `SELECT ${columns} FROM ${from} WHERE t.id = ANY($1::text[]) AND t.tenant_id = $2`,
      [ids, tenantId],
    );
    return new Map(rows.map((row) => [row.id, viewOf<LearningViews[K]>(row)]));
  }

  /** Failures whose feature embedding (of the same model) is at least `threshold` similar, most similar first. */
  async similarFailures(tenantId: string, query: Embedding, threshold: number, limit: number): Promise<SimilarFailure[]> {
    const ranked = await this.ranked('learning_failures', tenantId, query, threshold, limit);
    if (ranked.length === 0) return [];
    const views = await this.byIds(
      'failure',
      tenantId,
      ranked.map((r) => r.id),
    );
    return ranked.flatMap((r) => {
      const view = views.get(r.id);
      return view ? [{ ...view, similarity: r.similarity }] : [];
    });
  }

  /** Retrospectives most similar to the query's embedding, most similar first (no threshold: the best few are always useful). */
  async relevantRetrospectives(tenantId: string, query: Embedding, limit: number): Promise<RetrospectiveView[]> {
    const ranked = await this.ranked('learning_retrospectives', tenantId, query, 0, limit);
    const views = await this.byIds(
      'retrospective',
      tenantId,
      ranked.map((r) => r.id),
    );
    return ranked.flatMap((r) => views.get(r.id) ?? []);
  }

  private async ranked(table: string, tenantId: string, query: Embedding, threshold: number, limit: number) {
    const candidates = await this.db.query<{ id: string; embedding: Buffer; position: string }>(
      `SELECT id, embedding, position FROM ${table} WHERE tenant_id = $1 AND embedding_model = $2 ORDER BY position DESC LIMIT ${SIMILARITY_CANDIDATES}`,
      [tenantId, query.model],
    );
    return candidates
      .map((c) => ({
        id: c.id,
        similarity: Math.max(0, Math.min(1, dotWithBytes(c.embedding, query.vector))),
        position: Number(c.position),
      }))
      .filter((c) => c.similarity > 0 && c.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity || b.position - a.position)
      .slice(0, limit);
  }

  /** Mean actual / estimated sessions over the estimates completed in the `days` before `now`. */
  async correctionFactor(tenantId: string, days: number, now: Date): Promise<CorrectionFactor> {
    const [row] = await this.db.query<{ factor: number | null; samples: string }>(
      `SELECT avg(actual_sessions::float8 / estimated_sessions) AS factor, count(*) AS samples
         FROM learning_estimates WHERE tenant_id = $1 AND completed_at IS NOT NULL AND completed_at > $2`,
      [tenantId, new Date(now.getTime() - days * 86_400_000)],
    );
    return { factor: row.factor === null ? null : Number(row.factor), samples: Number(row.samples), days };
  }

  /** The active complexity warnings, by when they started. */
  async activeWarnings(tenantId: string, page: { after: number; limit: number }): Promise<Keyed<ComplexityWarningView>[]> {
    const rows = await this.db.query<Record<string, unknown> & { key: string; warning: ComplexityWarningView }>(
      `SELECT w.position AS key, ${WARNING_JSON} AS warning FROM learning_complexity_warnings w
        WHERE w.tenant_id = $1 AND w.active AND w.position > $2 ORDER BY w.position LIMIT $3`,
      [tenantId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({
      key: Number(row.key),
      view: { ...row.warning, startedAt: new Date(row.warning.startedAt).toISOString(), clearedAt: null },
    }));
  }

  /** Pattern usage counted by pattern and outcome, for patterns.md. */
  async patternCounts(tenantId: string): Promise<{ pattern: string; outcome: string; uses: number; compliance: number | null }[]> {
    const rows = await this.db.query<{ pattern: string; outcome: string; uses: string; compliance: number | null }>(
      `SELECT pattern, outcome, count(*) AS uses, avg(compliance_score)::float8 AS compliance
         FROM learning_pattern_usages WHERE tenant_id = $1 GROUP BY pattern, outcome ORDER BY pattern, outcome`,
      [tenantId],
    );
    return rows.map((row) => ({ ...row, uses: Number(row.uses), compliance: row.compliance === null ? null : Number(row.compliance) }));
  }
}
