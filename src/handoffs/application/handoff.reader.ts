import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  AssessmentStatus,
  BriefingSource,
  HandoffAssessment,
  HandoffBriefing,
  HandoffKind,
  HandoffPriority,
  HandoffSnapshot,
} from '../../branching/index.js';
import { UnknownHandoffError } from '../domain/handoff.errors.js';
import type { HandoffView } from './handoff.view.js';

interface HandoffRow {
  id: string;
  session_id: string;
  squad_id: string | null;
  kind: HandoffKind;
  priority: HandoffPriority;
  notes: string;
  snapshot: HandoffSnapshot;
  handed_off_by: Actor;
  handed_off_at: Date;
  status: 'waiting' | 'claimed';
  claimed_by: Actor | null;
  claimed_at: Date | null;
  briefing: HandoffBriefing | null;
  briefing_source: BriefingSource | null;
  assessment: HandoffAssessment | null;
  assessment_status: AssessmentStatus | null;
}

const toHandoffView = (row: HandoffRow): HandoffView => ({
  id: row.id,
  sessionId: row.session_id,
  squadId: row.squad_id,
  kind: row.kind,
  priority: row.priority,
  notes: row.notes,
  snapshot: row.snapshot,
  handedOffBy: row.handed_off_by,
  handedOffAt: row.handed_off_at.toISOString(),
  status: row.status,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at?.toISOString() ?? null,
  briefing: row.briefing,
  briefingSource: row.briefing_source,
  assessment: row.assessment,
  assessmentStatus: row.assessment_status,
});

/** Reads the handoffs read model (the inline projection's rows). */
@Injectable()
export class HandoffReader {
  constructor(private readonly db: Database) {}

  /** The item, if it is the tenant's. */
  async handoff(tenantId: string, handoffId: string): Promise<HandoffView> {
    const [row] = await this.db.query<HandoffRow>(`SELECT * FROM handoffs WHERE id = $1 AND tenant_id = $2`, [handoffId, tenantId]);
    if (!row) throw new UnknownHandoffError(handoffId);
    return toHandoffView(row);
  }

  /** The session's handoffs, oldest first; an unknown or foreign session is a 404, not an empty list. */
  async ofSession(tenantId: string, sessionId: string): Promise<HandoffView[]> {
    const rows = await this.db.query<HandoffRow>(`SELECT * FROM handoffs WHERE session_id = $1 AND tenant_id = $2 ORDER BY position`, [
      sessionId,
      tenantId,
    ]);
    if (rows.length === 0) {
      const [session] = await this.db.query(`SELECT 1 FROM branching_sessions WHERE id = $1 AND tenant_id = $2`, [sessionId, tenantId]);
      if (!session) throw new NotFoundError('session', sessionId);
    }
    return rows.map(toHandoffView);
  }
}
