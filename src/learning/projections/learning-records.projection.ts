import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { LEARNING_EVENT_TYPES, type LearningEvent } from '../domain/learning.events.js';
import { embeddedTextHash } from '../domain/similarity.js';

/** The projection's tables, `learning_<name>` (the embeddings are not a projection's: a rebuild keeps them). */
export const LEARNING_TABLES = [
  'failures',
  'estimates',
  'retrospectives',
  'spikes',
  'complexity_snapshots',
  'complexity_warnings',
  'pattern_usages',
  'docs_cache',
  'decisions',
] as const;

/**
 * One row per record in the table of its kind, inline so a write's answer, the next list and the
 * next `lessonsFor` read their own writes. Inserts are `ON CONFLICT DO NOTHING` and updates move a
 * row only to a later position, so a replay changes nothing. Embeddings come from
 * `learning_embeddings` (written before the append), so a rebuild needs no model.
 */
export class LearningRecordsProjection extends PerEventProjection<LearningEvent> {
  readonly name = 'learning_records';
  readonly mode = 'inline';
  readonly eventTypes = LEARNING_EVENT_TYPES;

  async reset(tx: Sql): Promise<void> {
    for (const table of LEARNING_TABLES) await tx.query(`DELETE FROM learning_${table}`);
  }

  protected async applyEvent(event: Recorded<LearningEvent>, tx: Sql): Promise<void> {
    const p = event.position;
    switch (event.type) {
      case 'FailureRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_failures (id, tenant_id, position, feature, approach, why_failed, lesson, pipeline_id, recorded_by, logged_at,
                                          embedding_model, embedding)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, e.model, e.vector
             FROM (SELECT 1) one LEFT JOIN learning_embeddings e ON e.record_id = $1 AND e.text_sha256 = $11
           ON CONFLICT (id) DO NOTHING`,
          [d.failureId, d.organizationId, p, d.feature, d.approach, d.whyFailed, d.lesson, d.pipelineId, d.by, d.at, embeddedTextHash(d)],
        );
        return;
      }
      case 'RetrospectiveRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_retrospectives (id, tenant_id, position, pipeline_id, feature, surprises, would_change, new_patterns,
                                                spike_accuracy, recorded_by, logged_at, embedding_model, embedding)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, e.model, e.vector
             FROM (SELECT 1) one LEFT JOIN learning_embeddings e ON e.record_id = $1 AND e.text_sha256 = $12
           ON CONFLICT (id) DO NOTHING`,
          [
            d.retrospectiveId,
            d.organizationId,
            p,
            d.pipelineId,
            d.feature,
            d.surprises,
            d.wouldChange,
            d.newPatterns,
            d.spikeAccuracy,
            d.by,
            d.at,
            embeddedTextHash(d),
          ],
        );
        return;
      }
      case 'EstimateRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_estimates (id, tenant_id, position, feature, estimated_sessions, actual_sessions, complexity, files_created,
                                           files_modified, notes, pipeline_id, recorded_by, recorded_at, completed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $6::integer IS NULL THEN NULL ELSE $13::timestamptz END)
           ON CONFLICT (id) DO NOTHING`,
          [
            d.estimateId,
            d.organizationId,
            p,
            d.feature,
            d.estimatedSessions,
            d.actualSessions,
            d.complexity,
            d.filesCreated,
            d.filesModified,
            d.notes,
            d.pipelineId,
            d.by,
            d.at,
          ],
        );
        return;
      }
      case 'EstimateCompleted': {
        const d = event.data;
        // The list keeps its order by creation: completing an estimate does not move its position.
        await tx.query(`UPDATE learning_estimates SET actual_sessions = $2, completed_at = $3 WHERE id = $1 AND completed_at IS NULL`, [
          d.estimateId,
          d.actualSessions,
          d.at,
        ]);
        return;
      }
      case 'SpikeRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_spikes (id, tenant_id, position, pipeline_id, feature, question, approach, result, viable, lessons,
                                        time_spent_minutes, recorded_by, logged_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
          [
            d.spikeId,
            d.organizationId,
            p,
            d.pipelineId,
            d.feature,
            d.question,
            d.approach,
            d.result,
            d.viable,
            d.lessons,
            d.timeSpentMinutes,
            d.by,
            d.at,
          ],
        );
        return;
      }
      case 'ComplexitySnapshotRecorded': {
        const d = event.data;
        const m = d.metrics;
        await tx.query(
          `INSERT INTO learning_complexity_snapshots (id, tenant_id, position, file, lines, functions, dependencies, complexity_score,
                                                      recorded_by, snapshot_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [d.snapshotId, d.organizationId, p, d.file, m.lines, m.functions, m.dependencies, m.complexityScore, d.by, d.at],
        );
        return;
      }
      case 'ComplexityWarningStarted': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_complexity_warnings (tenant_id, file, position, active, snapshot_id, from_score, to_score, growth, window_size,
                                                     started_at, cleared_at)
           VALUES ($1, $2, $3, true, $4, $5, $6, $7, $8, $9, NULL)
           ON CONFLICT (tenant_id, file) DO UPDATE SET position = EXCLUDED.position, active = true, snapshot_id = EXCLUDED.snapshot_id,
             from_score = EXCLUDED.from_score, to_score = EXCLUDED.to_score, growth = EXCLUDED.growth, window_size = EXCLUDED.window_size,
             started_at = EXCLUDED.started_at, cleared_at = NULL
           WHERE learning_complexity_warnings.position < EXCLUDED.position`,
          [d.organizationId, d.file, p, d.snapshotId, d.fromScore, d.toScore, d.growth, d.window, d.at],
        );
        return;
      }
      case 'ComplexityWarningCleared': {
        const d = event.data;
        await tx.query(
          `UPDATE learning_complexity_warnings SET active = false, cleared_at = $3, position = $4
            WHERE tenant_id = $1 AND file = $2 AND position < $4`,
          [d.organizationId, d.file, d.at, p],
        );
        return;
      }
      case 'PatternUsageRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_pattern_usages (id, tenant_id, position, pattern, pipeline_id, file, outcome, compliance_score, recorded_by, used_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [d.usageId, d.organizationId, p, d.pattern, d.pipelineId, d.file, d.outcome, d.complianceScore, d.by, d.at],
        );
        return;
      }
      case 'DocsCached': {
        const d = event.data;
        // A newer fetch replaces the entry, and moves it to the end of the list.
        await tx.query(
          `INSERT INTO learning_docs_cache (id, tenant_id, position, library, version, content, source_url, recorded_by, fetched_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, library = EXCLUDED.library, content = EXCLUDED.content,
             source_url = EXCLUDED.source_url, recorded_by = EXCLUDED.recorded_by, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at
           WHERE learning_docs_cache.position < EXCLUDED.position`,
          [d.entryId, d.organizationId, p, d.library, d.version, d.content, d.sourceUrl, d.by, d.at, d.expiresAt],
        );
        return;
      }
      case 'DecisionRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO learning_decisions (id, tenant_id, position, pipeline_id, phase, decision, reasoning, recorded_by, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
          [d.decisionId, d.organizationId, p, d.pipelineId, d.phase, d.decision, d.reasoning, d.by, d.at],
        );
        return;
      }
    }
  }
}
