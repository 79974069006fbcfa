import type { Sql } from '../../platform/database/sql.js';
import type { DeadlineRequest } from '../../platform/deadlines/deadline.js';
import { type DeadlineWrite, writeDeadlines } from '../../platform/deadlines/deadline-writes.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { type PipelineEvent, pipelineEventTypes } from '../domain/pipeline.events.js';
import { phaseTimeout, phaseTimeoutKey, phaseTry, recordRun } from '../sagas/pipeline-deadlines.js';
import { type PipelineDocument, evolvePipelineDocument } from './pipeline-view.evolve.js';

/**
 * One row per pipeline: its document folded by `evolvePipelineDocument`, moved only by a newer event
 * of its stream (`version <`), so a replay changes nothing. Inline: the API reads its writes, and the
 * durable steps are armed in the same transaction as the events that call for them — a phase
 * attempt's first try (due at once) and its timeout, a failed try's retry, the run's recording.
 * Set-based: a batch of appends (many pipelines' phases at once) costs one read, one upsert and one
 * statement per kind of deadline change (writeDeadlines), not a round of them per pipeline.
 */
export class PipelinesProjection implements Projection<PipelineEvent> {
  readonly name = 'pipelines';
  readonly mode = 'inline';
  readonly eventTypes = pipelineEventTypes;

  constructor(private readonly phaseTimeoutMs: number) {}

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM pipelines');
  }

  async apply(events: readonly Recorded<PipelineEvent>[], tx: Sql): Promise<void> {
    if (events.length === 0) return;
    const byPipeline = new Map<string, Recorded<PipelineEvent>[]>();
    for (const event of events) byPipeline.set(event.data.pipelineId, [...(byPipeline.get(event.data.pipelineId) ?? []), event]);
    // Locked in id order, so two batches touching the same pipelines cannot deadlock.
    const rows = await tx.query<{ id: string; view: PipelineDocument; version: number }>(
      `SELECT id, view, version FROM pipelines WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [[...byPipeline.keys()]],
    );
    const stored = new Map(rows.map((row) => [row.id, row]));
    const upserts: { id: string; tenantId: string; doc: PipelineDocument; position: number; version: number }[] = [];
    const deadlines: DeadlineWrite[] = [];
    for (const [id, ofPipeline] of byPipeline) {
      const row = stored.get(id);
      const fresh = ofPipeline.filter((event) => !row || event.version > row.version);
      if (fresh.length === 0) continue;
      const doc = fresh.reduce<PipelineDocument | null>((document, event) => evolvePipelineDocument(document, event), row?.view ?? null);
      if (!doc) continue;
      const tenantId = fresh[0].metadata.tenantId ?? '';
      upserts.push({ id, tenantId, doc, position: fresh[0].position, version: fresh[fresh.length - 1].version });
      for (const event of fresh) deadlines.push(...this.deadlinesOf(event, tenantId));
    }
    if (upserts.length > 0)
      await tx.query(
        `INSERT INTO pipelines (id, organization_id, status, view, created_at, updated_at, position, version)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[], $7::bigint[], $8::integer[])
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, view = excluded.view, updated_at = excluded.updated_at, version = excluded.version`,
        [
          upserts.map((u) => u.id),
          upserts.map((u) => u.tenantId),
          upserts.map((u) => u.doc.status),
          upserts.map((u) => JSON.stringify(u.doc)),
          upserts.map((u) => u.doc.createdAt),
          upserts.map((u) => u.doc.updatedAt),
          upserts.map((u) => u.position),
          upserts.map((u) => u.version),
        ],
      );
    await writeDeadlines(tx, deadlines);
  }

  /** The deadline changes an event calls for, in its order. */
  private deadlinesOf(event: Recorded<PipelineEvent>, tenantId: string): DeadlineWrite[] {
    const schedule = (deadline: DeadlineRequest): DeadlineWrite => ({ action: 'schedule', deadline });
    switch (event.type) {
      case 'PipelinePhaseStarted': {
        const { pipelineId, phase, attempt } = event.data;
        return [
          schedule(phaseTry(tenantId, { pipelineId, phase, attempt, try: 1 }, event.recordedAt)),
          schedule(phaseTimeout(tenantId, { pipelineId, phase, attempt }, new Date(event.recordedAt.getTime() + this.phaseTimeoutMs))),
        ];
      }
      case 'PipelinePhaseTryFailed': {
        const { pipelineId, phase, attempt } = event.data;
        return [schedule(phaseTry(tenantId, { pipelineId, phase, attempt, try: event.data.try + 1 }, new Date(event.data.retryAt)))];
      }
      case 'PipelinePhaseCompleted':
      case 'PipelinePhaseFailed': {
        // The attempt ended: its timeout would change nothing, so it need not fire.
        const { pipelineId, phase, attempt } = event.data;
        return [{ action: 'cancel', key: phaseTimeoutKey({ pipelineId, phase, attempt }) }];
      }
      case 'PipelineCompleted':
        return [schedule(recordRun(tenantId, { pipelineId: event.data.pipelineId }, event.recordedAt))];
      default:
        return [];
    }
  }
}
