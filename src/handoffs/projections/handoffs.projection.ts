import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type {
  HandoffAssessed,
  HandoffAssessmentFailed,
  HandoffBriefingWritten,
  HandoffClaimed,
  HandoffReleased,
  SessionHandedOff,
} from '../../branching/index.js';

type HandoffEvent =
  SessionHandedOff | HandoffClaimed | HandoffReleased | HandoffAssessed | HandoffAssessmentFailed | HandoffBriefingWritten;

/** Elevated before normal, then oldest first, in one ordered key (event positions stay below 2^48). */
export const queueKeyOf = (priority: string, position: number) => (priority === 'elevated' ? 0 : 2 ** 48) + position;

/**
 * One row per handoff: the team queue's item while it waits, its claim and briefing after. Inline,
 * so a claim's answer and the queue read their own writes; rows move only to a newer event of their
 * session (`version <`), so replays change nothing.
 */
export class HandoffsProjection extends PerEventProjection<HandoffEvent> {
  readonly name = 'handoffs';
  readonly mode = 'inline';
  readonly eventTypes = [
    'SessionHandedOff',
    'HandoffClaimed',
    'HandoffReleased',
    'HandoffAssessed',
    'HandoffAssessmentFailed',
    'HandoffBriefingWritten',
  ] as const;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM handoffs');
  }

  protected async applyEvent(event: Recorded<HandoffEvent>, tx: Sql): Promise<void> {
    switch (event.type) {
      case 'SessionHandedOff': {
        const h = event.data;
        await tx.query(
          `INSERT INTO handoffs (id, tenant_id, session_id, squad_id, kind, priority, notes, snapshot, handed_off_by, handed_off_at, status,
                                 queue_key, position, version, assessment_status)
           SELECT $1, $2, $3, s.squad_id, $4, $5, $6, $7, $8, $9, 'waiting', $10, $11, $12, $13 FROM branching_sessions s WHERE s.id = $3
           ON CONFLICT (id) DO NOTHING`,
          [
            h.handoffId,
            event.metadata.tenantId ?? '',
            h.sessionId,
            h.kind,
            h.priority,
            h.notes,
            h.snapshot,
            h.by,
            h.at,
            queueKeyOf(h.priority, event.position),
            event.position,
            event.version,
            // An escalation waits for its assessment; a park gets none.
            h.kind === 'escalate' ? 'pending' : null,
          ],
        );
        return;
      }
      case 'HandoffClaimed': {
        const c = event.data;
        await tx.query(
          `UPDATE handoffs SET status = 'claimed', claimed_by = $2, claimed_at = $3, first_claimed_at = COALESCE(first_claimed_at, $3), briefing = $4,
                  briefing_source = 'snapshot', version = $5
            WHERE id = $1 AND version < $5`,
          [c.handoffId, c.by, c.at, c.briefing, event.version],
        );
        return;
      }
      case 'HandoffReleased':
        await tx.query(
          `UPDATE handoffs SET status = 'waiting', claimed_by = NULL, claimed_at = NULL, version = $2 WHERE id = $1 AND version < $2`,
          [event.data.handoffId, event.version],
        );
        return;
      case 'HandoffAssessed':
        await tx.query(`UPDATE handoffs SET assessment = $2, assessment_status = 'assessed', version = $3 WHERE id = $1 AND version < $3`, [
          event.data.handoffId,
          event.data.assessment,
          event.version,
        ]);
        return;
      case 'HandoffAssessmentFailed':
        await tx.query(`UPDATE handoffs SET assessment_status = 'failed', version = $2 WHERE id = $1 AND version < $2`, [
          event.data.handoffId,
          event.version,
        ]);
        return;
      case 'HandoffBriefingWritten':
        // The decider wrote it for the current claim only; `claimed_at` guards a replay all the same.
        await tx.query(
          `UPDATE handoffs SET briefing = $2, briefing_source = 'model', version = $4 WHERE id = $1 AND claimed_at = $3 AND version < $4`,
          [event.data.handoffId, event.data.briefing, event.data.claimedAt, event.version],
        );
        return;
    }
  }
}
