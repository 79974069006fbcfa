import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type { SessionResolved } from '../../branching/index.js';
import type { OutputEvent } from '../domain/output.events.js';
import { FIRST_REQUEST } from '../domain/output.types.js';
import { scheduleDraftTry } from '../sagas/output-deadlines.js';

type ResolutionOutputEvent = SessionResolved | OutputEvent;

/**
 * One row per drafted document: inserted `generating` when the session is resolved (with the first
 * drafting try of each, due at once, in the same transaction — resolving never waits for a model),
 * then moved by the output's own events. A resolution replaces the session's earlier documents as
 * the current ones (they stay, `current = false`). Rows move only to a newer event of their output
 * (`version <`), and a replay of an older resolution cannot demote a newer one, so replays change
 * nothing. What a push sends is the OutputPushTargetsProjection's.
 */
export class ResolutionOutputsProjection extends PerEventProjection<ResolutionOutputEvent> {
  readonly name = 'resolution_outputs';
  readonly mode = 'inline';
  readonly eventTypes = [
    'SessionResolved',
    'OutputDrafted',
    'OutputGenerationFailed',
    'OutputEdited',
    'OutputRegenerationRequested',
    'OutputApproved',
    'OutputRejected',
    'OutputPushed',
  ] as const;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM resolution_outputs');
  }

  protected async applyEvent(event: Recorded<ResolutionOutputEvent>, tx: Sql): Promise<void> {
    const tenantId = event.metadata.tenantId ?? '';
    if (event.type === 'SessionResolved') {
      const d = event.data;
      await tx.query(`UPDATE resolution_outputs SET current = false WHERE session_id = $1 AND current AND position < $2`, [
        d.sessionId,
        event.position,
      ]);
      for (const output of d.outputs) {
        const inserted = await tx.query(
          `INSERT INTO resolution_outputs (id, tenant_id, session_id, resolution_id, type, status, record, request_id, created_at, updated_at, position)
           VALUES ($1, $2, $3, $4, $5, 'generating', $6, $7, $8, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [output.outputId, tenantId, d.sessionId, d.resolutionId, output.type, d.record, FIRST_REQUEST, d.at, event.position],
        );
        if (inserted.length > 0)
          await scheduleDraftTry(
            tx,
            tenantId,
            { outputId: output.outputId, sessionId: d.sessionId, requestId: FIRST_REQUEST, attempt: 1 },
            event.recordedAt,
          );
      }
      return;
    }
    const id = event.data.outputId;
    const update = (set: string, params: unknown[]) =>
      tx.query(`UPDATE resolution_outputs SET ${set}, version = $2, updated_at = $3 WHERE id = $1 AND version < $2 RETURNING id`, [
        id,
        event.version,
        event.data.at,
        ...params,
      ]);
    switch (event.type) {
      case 'OutputDrafted': {
        const d = event.data;
        const version = { version: d.version, content: d.content, source: 'model', model: d.model, by: null, at: d.at };
        await update(
          `status = 'draft', content = $4, content_version = $5, model = $6, failure = NULL, approved = NULL, versions = versions || $7::jsonb`,
          [d.content, d.version, d.model, JSON.stringify([version])],
        );
        return;
      }
      case 'OutputGenerationFailed': {
        const d = event.data;
        await update(`status = 'failed', failure = $4`, [{ reason: d.reason, attempts: d.attempts, at: d.at }]);
        return;
      }
      case 'OutputEdited': {
        const d = event.data;
        const version = { version: d.version, content: d.content, source: 'edit', model: null, by: d.by, at: d.at };
        await update(`status = 'draft', content = $4, content_version = $5, approved = NULL, versions = versions || $6::jsonb`, [
          d.content,
          d.version,
          JSON.stringify([version]),
        ]);
        return;
      }
      case 'OutputRegenerationRequested': {
        const d = event.data;
        const moved = await update(`status = 'generating', request_id = $4, instructions = $5, failure = NULL`, [
          d.requestId,
          d.instructions,
        ]);
        if (moved.length > 0)
          await scheduleDraftTry(
            tx,
            tenantId,
            { outputId: id, sessionId: d.sessionId, requestId: d.requestId, attempt: 1 },
            event.recordedAt,
          );
        return;
      }
      case 'OutputApproved': {
        const d = event.data;
        await update(`status = 'approved', approved = $4, rejected = NULL`, [{ version: d.version, by: d.by, at: d.at }]);
        return;
      }
      case 'OutputRejected': {
        const d = event.data;
        await update(`status = 'rejected', rejected = $4, approved = NULL`, [{ reason: d.reason, by: d.by, at: d.at }]);
        return;
      }
      case 'OutputPushed': {
        const d = event.data;
        const push = { pushId: d.pushId, target: d.target, to: d.to, reference: d.reference, version: d.version, by: d.by, at: d.at };
        await update(`status = 'pushed', pushes = pushes || $4::jsonb`, [JSON.stringify([push])]);
        return;
      }
    }
  }
}
