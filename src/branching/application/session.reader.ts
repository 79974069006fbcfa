import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/decider/clock.js';
import { FoldedStreamCache } from '../../platform/decider/folded-stream-cache.js';
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
  parked_ms: string;
  waiting_since: Date | null;
}

/** Time since the start, split into waiting on the team queue (handed off, unclaimed; the wait under way included) and the rest. */
function timeSpent(row: SessionRow, now: Date): { timeActiveSeconds: number; timeParkedSeconds: number } {
  const total = Math.max(0, now.getTime() - row.started_at.getTime());
  const waiting = row.waiting_since ? Math.max(0, now.getTime() - row.waiting_since.getTime()) : 0;
  const parked = Math.min(total, Number(row.parked_ms) + waiting);
  return { timeActiveSeconds: Math.floor((total - parked) / 1000), timeParkedSeconds: Math.floor(parked / 1000) };
}

/** What the projection writes of a branch once, when it is forked, and never changes after. */
interface BranchFacts {
  parentBranchId: string | null;
  forkId: string | null;
  forkReason: string | null;
  forkPosition: { branchId: string; position: number } | null;
  label: string;
  description: string;
  order: number;
  createdAt: string;
}

/** A branch row: what changes, and its facts only when the reader does not know them yet. */
interface BranchRow {
  id: string;
  parent_branch_id: string | null;
  created_position: string;
  status: BranchStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  status_changed_by: Actor | null;
  evidence_from_branch_id: string | null;
  evidence: string | null;
  summary: BranchSummary | null;
  message_count: number;
  facts: BranchFacts | null;
}

/**
 * A session's branches, their facts sent only for those created after `$2` (the newest creation
 * position the reader knows): a session forked hundreds of times parses a handful of columns per
 * branch, not every column. Timestamps as `Date.toISOString()` writes them (ms, truncated as the driver does).
 */
const BRANCHES_SQL = `
  SELECT id, parent_branch_id, created_position, status, status_reason, status_changed_at, status_changed_by,
         evidence_from_branch_id, evidence, summary, message_count,
         CASE WHEN created_position > $2 THEN json_build_object(
           'parentBranchId', parent_branch_id,
           'forkId', fork_id,
           'forkReason', fork_reason,
           'forkPosition', CASE WHEN at_branch_id IS NULL THEN NULL ELSE json_build_object('branchId', at_branch_id, 'position', at_position) END,
           'label', label,
           'description', description,
           'order', branch_order,
           'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END AS facts
    FROM branching_branches WHERE session_id = $1 ORDER BY created_position, branch_order`;

/** Sessions whose branch facts are kept (the ones read most recently). */
const SESSIONS_KEPT = 100;

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
  /** Each session's branch facts, through the newest creation position read (the fold's "version"). */
  private readonly facts = new FoldedStreamCache<ReadonlyMap<string, BranchFacts>>(SESSIONS_KEPT);

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async session(tenantId: string, sessionId: string): Promise<SessionView> {
    // Three reads at once (not one snapshot); nothing of them is answered unless the session row is the tenant's.
    const [[row], branches, attachments] = await Promise.all([
      this.db.query<SessionRow>(`SELECT * FROM branching_sessions WHERE id = $1 AND tenant_id = $2`, [sessionId, tenantId]),
      // Only the columns the view shows: a session forked many times has hundreds of rows to parse.
      this.branches(sessionId),
      this.db.query<AttachmentRow>(`SELECT * FROM branching_attachments WHERE session_id = $1 ORDER BY position`, [sessionId]),
    ]);
    if (!row) throw new NotFoundError('session', sessionId);
    const startedAt = row.started_at.toISOString();
    // One pass for the tree: a session forked many times has hundreds of branches.
    const children = new Map<string, string[]>();
    for (const { row: branch } of branches) {
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
      branches: branches.map(({ row: branch, facts }) => toBranchView(branch, facts, children, row.active_branch_id)),
      attachments: attachments.map(toAttachmentView),
      tokenUsage: { inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens) },
      ...timeSpent(row, this.clock.now()),
      startedAt,
      version: row.version,
    };
  }

  /**
   * The session's branch rows, each with its facts: from this read, or kept from an earlier one. A
   * session's branches become visible in creation order (its stream's appends commit one after the
   * other), so every branch at or before the kept position has its facts kept; a row without them (a
   * projection rebuilt meanwhile) is read again in full.
   */
  private async branches(sessionId: string): Promise<{ row: BranchRow; facts: BranchFacts }[]> {
    const kept = this.facts.get(sessionId);
    let rows = await this.db.query<BranchRow>(BRANCHES_SQL, [sessionId, kept?.version ?? -1]);
    if (kept && rows.some((row) => !row.facts && !kept.state.has(row.id)))
      rows = await this.db.query<BranchRow>(BRANCHES_SQL, [sessionId, -1]);
    const known = new Map(kept?.state);
    let through = kept?.version ?? -1;
    for (const row of rows) {
      if (row.facts) known.set(row.id, row.facts);
      through = Math.max(through, Number(row.created_position));
    }
    this.facts.remember(sessionId, { state: known, version: through });
    return rows.map((row) => ({ row, facts: row.facts ?? (known.get(row.id) as BranchFacts) }));
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

  /** Messages on all the session's branches: a handoff's step count. */
  async messageCount(sessionId: string): Promise<number> {
    const [row] = await this.db.query<{ count: string }>(
      `SELECT coalesce(sum(message_count), 0) AS count FROM branching_branches WHERE session_id = $1`,
      [sessionId],
    );
    return Number(row.count);
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

function toBranchView(
  row: BranchRow,
  facts: BranchFacts,
  children: ReadonlyMap<string, string[]>,
  activeBranchId: string | null,
): BranchView {
  return {
    id: row.id,
    parentBranchId: facts.parentBranchId,
    childBranchIds: children.get(row.id) ?? [],
    forkId: facts.forkId,
    forkReason: facts.forkReason,
    forkPosition: facts.forkPosition,
    label: facts.label,
    description: facts.description,
    order: facts.order,
    status: row.status,
    active: row.id === activeBranchId,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at?.toISOString() ?? null,
    statusChangedBy: row.status_changed_by,
    revival:
      row.evidence_from_branch_id && row.evidence ? { evidenceFromBranchId: row.evidence_from_branch_id, evidence: row.evidence } : null,
    summary: row.summary,
    messageCount: row.message_count,
    createdAt: facts.createdAt,
  };
}
