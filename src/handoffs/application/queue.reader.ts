import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  AssessmentStatus,
  BriefingSource,
  HandoffAssessment,
  HandoffBriefing,
  HandoffPriority,
  HandoffSnapshot,
} from '../../branching/index.js';
import type { Participant } from '../../conversations/index.js';
import { UnknownHandoffError } from '../domain/handoff.errors.js';
import type { QueueItemKind, QueueItemView, QueuedQuestionView } from './queue-item.view.js';
import type { QueueStatistics, QueueStatisticsWindow } from './queue-statistics.js';

/** One shape for both tables' rows (a question's handoff columns are null, a handoff's question columns too). */
interface QueueItemRow {
  id: string;
  kind: QueueItemKind;
  priority: HandoffPriority;
  squad_id: string | null;
  status: QueueItemView['status'];
  handed_off_at: Date;
  claimed_by: Actor | null;
  claimed_at: Date | null;
  briefing: HandoffBriefing | null;
  briefing_source: BriefingSource | null;
  session_id: string | null;
  notes: string | null;
  snapshot: HandoffSnapshot | null;
  handed_off_by: Actor | null;
  assessment: HandoffAssessment | null;
  assessment_status: AssessmentStatus | null;
  question: string | null;
  question_type: string | null;
  asker: Participant | null;
  reason: QueuedQuestionView['reason'] | null;
  answered_at: Date | null;
  queue_key: string;
}

const HANDOFF_COLUMNS = `id, kind, priority, squad_id, status, handed_off_at, claimed_by, claimed_at, briefing, briefing_source, session_id, notes, snapshot, handed_off_by,
  assessment, assessment_status, NULL::text AS question, NULL::text AS question_type, NULL::jsonb AS asker, NULL::text AS reason, NULL::timestamptz AS answered_at, queue_key`;
const QUESTION_COLUMNS = `id, 'question' AS kind, 'normal' AS priority, squad_id, status, raised_at AS handed_off_at, claimed_by, claimed_at, briefing, NULL::text AS briefing_source,
  NULL::text AS session_id, NULL::text AS notes, NULL::jsonb AS snapshot, NULL::jsonb AS handed_off_by, NULL::jsonb AS assessment,
  NULL::text AS assessment_status, question, question_type, asker, reason, answered_at, queue_key`;

const toQueueItemView = (row: QueueItemRow): QueueItemView => ({
  id: row.id,
  kind: row.kind,
  priority: row.priority,
  squadId: row.squad_id,
  status: row.status,
  handedOffAt: row.handed_off_at.toISOString(),
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at?.toISOString() ?? null,
  briefing: row.briefing,
  briefingSource: row.briefing_source,
  sessionId: row.session_id,
  notes: row.notes,
  snapshot: row.snapshot,
  handedOffBy: row.handed_off_by,
  assessment: row.assessment,
  assessmentStatus: row.assessment_status,
  question:
    row.kind === 'question'
      ? {
          conversationId: row.id,
          text: row.question ?? '',
          questionType: row.question_type ?? '',
          asker: row.asker!,
          reason: row.reason!,
          answeredAt: row.answered_at?.toISOString() ?? null,
        }
      : null,
});

export interface QueueFilter {
  squadId?: string;
  kind?: QueueItemKind;
  priority?: HandoffPriority;
}

/** Reads the team queue: the handoffs and queued_questions read models, in one order (`queue_key`). */
@Injectable()
export class QueueReader {
  constructor(private readonly db: Database) {}

  /** The item, handoff or question, if it is the tenant's. */
  async item(tenantId: string, itemId: string): Promise<QueueItemView> {
    const [row] = await this.db.query<QueueItemRow>(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE id = $1 AND tenant_id = $2
       UNION ALL SELECT ${QUESTION_COLUMNS} FROM queued_questions WHERE id = $1 AND tenant_id = $2`,
      [itemId, tenantId],
    );
    if (!row) throw new UnknownHandoffError(itemId);
    return toQueueItemView(row);
  }

  /** Unclaimed items, elevated first, then oldest: each table's index range, merged. */
  async waiting(
    tenantId: string,
    filter: QueueFilter,
    page: { after: number; limit: number },
  ): Promise<{ key: number; view: QueueItemView }[]> {
    const rows = await this.db.query<QueueItemRow>(
      `(SELECT ${HANDOFF_COLUMNS} FROM handoffs
         WHERE tenant_id = $1 AND status = 'waiting' AND queue_key > $2
           AND ($4::text IS NULL OR squad_id = $4) AND ($5::text IS NULL OR kind = $5) AND ($6::text IS NULL OR priority = $6)
         ORDER BY queue_key LIMIT $3)
       UNION ALL
       (SELECT ${QUESTION_COLUMNS} FROM queued_questions
         WHERE tenant_id = $1 AND status = 'waiting' AND queue_key > $2
           AND ($4::text IS NULL OR squad_id = $4) AND ($5::text IS NULL OR $5 = 'question') AND ($6::text IS NULL OR $6 = 'normal')
         ORDER BY queue_key LIMIT $3)
       ORDER BY queue_key LIMIT $3`,
      [tenantId, page.after, page.limit + 1, filter.squadId ?? null, filter.kind ?? null, filter.priority ?? null],
    );
    return rows.map((row) => ({ key: Number(row.queue_key), view: toQueueItemView(row) }));
  }

  /** What waits now, time to first claim and the handed-off sessions' time; three reads at once (not one snapshot). */
  async statistics(tenantId: string, window: QueueStatisticsWindow): Promise<QueueStatistics> {
    const squad = window.squadId ?? null;
    const [waitingRows, [claims], [sessions]] = await Promise.all([
      this.db.query<{ kind: QueueItemKind; priority: 'normal' | 'elevated'; count: string; oldest: Date }>(
        `SELECT kind, priority, count(*) AS count, min(handed_off_at) AS oldest FROM handoffs
          WHERE tenant_id = $1 AND status = 'waiting' AND ($2::text IS NULL OR squad_id = $2) GROUP BY kind, priority
         UNION ALL
         SELECT 'question', 'normal', count(*), min(raised_at) FROM queued_questions
          WHERE tenant_id = $1 AND status = 'waiting' AND ($2::text IS NULL OR squad_id = $2) HAVING count(*) > 0`,
        [tenantId, squad],
      ),
      this.db.query<{ claims: string; median: number | null; p95: number | null }>(
        `SELECT count(*) AS claims, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95
           FROM (SELECT extract(epoch FROM first_claimed_at - handed_off_at)::float8 AS seconds FROM handoffs
                  WHERE tenant_id = $1 AND first_claimed_at >= $2 AND first_claimed_at < $3 AND ($4::text IS NULL OR squad_id = $4)
                 UNION ALL
                 SELECT extract(epoch FROM first_claimed_at - raised_at)::float8 FROM queued_questions
                  WHERE tenant_id = $1 AND first_claimed_at >= $2 AND first_claimed_at < $3 AND ($4::text IS NULL OR squad_id = $4)) claimed`,
        [tenantId, window.from, window.to, squad],
      ),
      // As the session shows it: all time since it started, of which the waits (closed ones and the current one).
      this.db.query<{ sessions: string; total_ms: number | null; waiting_ms: number | null }>(
        `SELECT count(*) AS sessions,
                sum(extract(epoch FROM now() - s.started_at) * 1000)::float8 AS total_ms,
                sum(s.parked_ms + coalesce(extract(epoch FROM now() - s.waiting_since) * 1000, 0))::float8 AS waiting_ms
           FROM branching_sessions s
          WHERE s.tenant_id = $1 AND ($4::text IS NULL OR s.squad_id = $4)
            AND EXISTS (SELECT 1 FROM handoffs h WHERE h.session_id = s.id AND h.handed_off_at >= $2 AND h.handed_off_at < $3)`,
        [tenantId, window.from, window.to, squad],
      ),
    ]);
    const waiting: QueueStatistics['waiting'] = {
      total: 0,
      byKind: { park: 0, escalate: 0, question: 0 },
      byPriority: { normal: 0, elevated: 0 },
      oldestSince: null,
    };
    for (const row of waitingRows) {
      const count = Number(row.count);
      waiting.total += count;
      waiting.byKind[row.kind] += count;
      waiting.byPriority[row.priority] += count;
      const oldest = row.oldest.toISOString();
      if (!waiting.oldestSince || oldest < waiting.oldestSince) waiting.oldestSince = oldest;
    }
    const totalMs = sessions.total_ms ?? 0;
    const waitingMs = Math.min(totalMs, sessions.waiting_ms ?? 0);
    const seconds = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      waiting,
      timeToClaim: { claims: Number(claims.claims), medianSeconds: seconds(claims.median), p95Seconds: seconds(claims.p95) },
      sessionTime: {
        sessions: Number(sessions.sessions),
        activeSeconds: Math.floor((totalMs - waitingMs) / 1000),
        waitingSeconds: Math.floor(waitingMs / 1000),
      },
    };
  }
}
