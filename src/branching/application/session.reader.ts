import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/decider/clock.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type { BranchStatus, BranchSummary, SessionStatus } from '../domain/session.types.js';
import type { AttachmentOnBranchView, BranchMessageView, BranchView, SessionSummary, SessionView } from './session.view.js';

interface SessionRow {
  id: string;
  status: SessionStatus;
  problem: string;
  domain: string | null;
  title: string | null;
  squad_id: string | null;
  root_branch_id: string;
  active_branch_id: string | null;
  input_tokens: string;
  output_tokens: string;
  started_at: Date;
  started_position: string;
  version: number;
}

interface BranchRow {
  id: string;
  parent_branch_id: string | null;
  fork_id: string | null;
  fork_reason: string | null;
  at_branch_id: string | null;
  at_position: string | null;
  label: string;
  description: string;
  branch_order: number;
  status: BranchStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  status_changed_by: Actor | null;
  evidence_from_branch_id: string | null;
  evidence: string | null;
  summary: BranchSummary | null;
  message_count: number;
  created_at: Date;
}

const BRANCH_COLUMNS = `id, parent_branch_id, fork_id, fork_reason, at_branch_id, at_position, label, description, branch_order, status,
  status_reason, status_changed_at, status_changed_by, evidence_from_branch_id, evidence, summary, message_count, created_at`;

interface MessageRow {
  id: string;
  branch_id: string;
  role: BranchMessageView['role'];
  text: string;
  reply_to: string | null;
  attachment_ids: string[];
  position: string;
  created_at: Date;
}

interface AttachmentRow {
  id: string;
  branch_id: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  kind: AttachmentOnBranchView['kind'];
  sha256: string;
  summary: string | null;
  truncated: boolean;
  added_by: Actor;
  added_at: Date;
}

const toAttachmentView = (row: AttachmentRow): AttachmentOnBranchView => ({
  id: row.id,
  branchId: row.branch_id,
  fileName: row.file_name,
  contentType: row.content_type,
  sizeBytes: Number(row.size_bytes),
  kind: row.kind,
  sha256: row.sha256,
  summary: row.summary,
  truncated: row.truncated,
  addedBy: row.added_by,
  addedAt: row.added_at.toISOString(),
});

/** One segment of a branch's history: a branch's own messages, up to a position (none: all of them). */
export interface HistorySegment {
  branchId: string;
  upTo: number | null;
}

/** Reads the branching read models (the inline projection's rows). */
@Injectable()
export class SessionReader {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async session(tenantId: string, sessionId: string): Promise<SessionView> {
    // Three reads at once (as before, not one snapshot); nothing of them is answered unless the session row is the tenant's.
    const [[row], branches, attachments] = await Promise.all([
      this.db.query<SessionRow>(`SELECT * FROM branching_sessions WHERE id = $1 AND tenant_id = $2`, [sessionId, tenantId]),
      // Only the columns the view shows: a session forked many times has hundreds of rows to parse.
      this.db.query<BranchRow>(
        `SELECT ${BRANCH_COLUMNS} FROM branching_branches WHERE session_id = $1 ORDER BY created_position, branch_order`,
        [sessionId],
      ),
      this.db.query<AttachmentRow>(`SELECT * FROM branching_attachments WHERE session_id = $1 ORDER BY position`, [sessionId]),
    ]);
    if (!row) throw new NotFoundError('session', sessionId);
    const startedAt = row.started_at.toISOString();
    // One pass for the tree: a session forked many times has hundreds of branches.
    const children = new Map<string, string[]>();
    for (const branch of branches) {
      if (!branch.parent_branch_id) continue;
      const siblings = children.get(branch.parent_branch_id);
      if (siblings) siblings.push(branch.id);
      else children.set(branch.parent_branch_id, [branch.id]);
    }
    return {
      id: row.id,
      status: row.status,
      problem: row.problem,
      domain: row.domain,
      title: row.title,
      squadId: row.squad_id,
      rootBranchId: row.root_branch_id,
      activeBranchId: row.active_branch_id,
      branches: branches.map((branch) => toBranchView(branch, children, row.active_branch_id)),
      attachments: attachments.map(toAttachmentView),
      tokenUsage: { inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens) },
      // Parking belongs to handoffs; until a session can be parked, all its time is active.
      timeActiveSeconds: Math.max(0, Math.floor((this.clock.now().getTime() - row.started_at.getTime()) / 1000)),
      timeParkedSeconds: 0,
      startedAt,
      version: row.version,
    };
  }

  async list(
    tenantId: string,
    filter: { status?: SessionStatus; squadId?: string },
    page: { after: number; limit: number },
  ): Promise<{ key: number; view: SessionSummary }[]> {
    const rows = await this.db.query<SessionRow & { branch_count: string }>(
      `SELECT s.*, (SELECT count(*) FROM branching_branches b WHERE b.session_id = s.id) AS branch_count
         FROM branching_sessions s
        WHERE s.tenant_id = $1 AND s.started_position > $2 AND ($4::text IS NULL OR s.status = $4) AND ($5::text IS NULL OR s.squad_id = $5)
        ORDER BY s.started_position LIMIT $3`,
      [tenantId, page.after, page.limit + 1, filter.status ?? null, filter.squadId ?? null],
    );
    return rows.map((row) => ({
      key: Number(row.started_position),
      view: {
        id: row.id,
        status: row.status,
        problem: row.problem,
        title: row.title,
        squadId: row.squad_id,
        activeBranchId: row.active_branch_id,
        branchCount: Number(row.branch_count),
        startedAt: row.started_at.toISOString(),
      },
    }));
  }

  /** One attachment of the session, as the upload just recorded it. */
  async attachment(tenantId: string, sessionId: string, attachmentId: string): Promise<AttachmentOnBranchView> {
    const [row] = await this.db.query<AttachmentRow>(
      `SELECT * FROM branching_attachments WHERE id = $1 AND session_id = $2 AND tenant_id = $3`,
      [attachmentId, sessionId, tenantId],
    );
    if (!row) throw new NotFoundError('attachment', attachmentId);
    return toAttachmentView(row);
  }

  /** A branch's history in order: each segment's messages up to its bound, in one indexed query. */
  async history(branchId: string, segments: readonly HistorySegment[]): Promise<BranchMessageView[]> {
    const ids = segments.map((s) => s.branchId);
    const bounds = segments.map((s) => (s.upTo === null ? null : String(s.upTo)));
    const rows = await this.db.query<MessageRow>(
      `SELECT m.* FROM unnest($1::text[], $2::bigint[]) AS seg(branch_id, up_to)
         JOIN branching_messages m ON m.branch_id = seg.branch_id AND (seg.up_to IS NULL OR m.position <= seg.up_to)
        ORDER BY m.position`,
      [ids, bounds],
    );
    return rows.map((row) => ({
      id: row.id,
      branchId: row.branch_id,
      inherited: row.branch_id !== branchId,
      role: row.role,
      text: row.text,
      replyTo: row.reply_to,
      attachmentIds: row.attachment_ids,
      position: Number(row.position),
      createdAt: row.created_at.toISOString(),
    }));
  }

  /** The message and where it lies, if it belongs to the session. */
  async messageIn(sessionId: string, messageId: string): Promise<{ branchId: string; position: number } | undefined> {
    const [row] = await this.db.query<{ branch_id: string; position: string }>(
      `SELECT branch_id, position FROM branching_messages WHERE id = $1 AND session_id = $2`,
      [messageId, sessionId],
    );
    return row ? { branchId: row.branch_id, position: Number(row.position) } : undefined;
  }

  /** The position of a branch's latest own message (index-only: the cost does not grow with the history). */
  async latestOwnPosition(branchId: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ position: string }>(
      `SELECT position FROM branching_messages WHERE branch_id = $1 ORDER BY position DESC LIMIT 1`,
      [branchId],
    );
    return row ? Number(row.position) : undefined;
  }
}

function toBranchView(row: BranchRow, children: ReadonlyMap<string, string[]>, activeBranchId: string | null): BranchView {
  return {
    id: row.id,
    parentBranchId: row.parent_branch_id,
    childBranchIds: children.get(row.id) ?? [],
    forkId: row.fork_id,
    forkReason: row.fork_reason,
    forkPosition: row.at_branch_id === null ? null : { branchId: row.at_branch_id, position: Number(row.at_position) },
    label: row.label,
    description: row.description,
    order: row.branch_order,
    status: row.status,
    active: row.id === activeBranchId,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at?.toISOString() ?? null,
    statusChangedBy: row.status_changed_by,
    revival:
      row.evidence_from_branch_id && row.evidence ? { evidenceFromBranchId: row.evidence_from_branch_id, evidence: row.evidence } : null,
    summary: row.summary,
    messageCount: row.message_count,
    createdAt: row.created_at.toISOString(),
  };
}
