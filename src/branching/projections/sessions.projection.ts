import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { type BranchMessageEvent, branchMessageEventTypes } from '../domain/branch-messages.events.js';
import { type BranchesForked, type SessionEvent, sessionEventTypes } from '../domain/session.events.js';
import { waitingStatusOf } from '../domain/session.state.js';

type BranchingEvent = SessionEvent | BranchMessageEvent;

/**
 * The session, branch and message rows, inline so a fork or a message reads its own writes. Session
 * events apply only to a session row older than the event (`version <`); message rows are keyed by
 * message id and counted only when inserted, so replays change nothing.
 */
export class BranchingSessionsProjection extends PerEventProjection<BranchingEvent> {
  readonly name = 'branching_sessions';
  readonly mode = 'inline';
  readonly eventTypes = [...sessionEventTypes, ...branchMessageEventTypes];

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM branching_messages');
    await tx.query('DELETE FROM branching_attachments');
    await tx.query('DELETE FROM branching_branches');
    await tx.query('DELETE FROM branching_sessions');
  }

  protected async applyEvent(event: Recorded<BranchingEvent>, tx: Sql): Promise<void> {
    if (event.type === 'BranchMessagePosted' || event.type === 'BranchReplyGiven') return this.applyMessage(event, tx);
    const tenantId = event.metadata.tenantId ?? '';
    const d = event.data;
    if (event.type === 'SessionStarted') {
      const s = event.data;
      await tx.query(
        `INSERT INTO branching_sessions (id, tenant_id, squad_id, status, problem, domain, title, root_branch_id, active_branch_id,
                                         started_at, started_position, version, updated_at)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        [
          s.sessionId,
          tenantId,
          s.squadId,
          s.problem,
          s.domain,
          s.title,
          s.rootBranchId,
          s.startedAt,
          event.position,
          event.version,
          event.recordedAt,
        ],
      );
      await tx.query(
        `INSERT INTO branching_branches (id, session_id, tenant_id, label, description, branch_order, status, created_position, created_at)
         VALUES ($1, $2, $3, 'Root', $4, 1, 'active', $5, $6) ON CONFLICT (id) DO NOTHING`,
        [s.rootBranchId, s.sessionId, tenantId, s.problem, event.position, s.startedAt],
      );
      return;
    }
    if (event.type === 'BranchesForked') return this.applyFork(event, tenantId, tx);
    // One guard for every later session event: the session row moves to this version once.
    const moved = await tx.query(
      `UPDATE branching_sessions SET version = $2, updated_at = $3 WHERE id = $1 AND version < $2 RETURNING id`,
      [d.sessionId, event.version, event.recordedAt],
    );
    if (moved.length === 0) return;
    const session = (set: string, params: unknown[]) =>
      tx.query(`UPDATE branching_sessions SET ${set} WHERE id = $1`, [d.sessionId, ...params]);
    const branch = (id: string, set: string, params: unknown[]) =>
      tx.query(`UPDATE branching_branches SET ${set} WHERE id = $1`, [id, ...params]);
    switch (event.type) {
      case 'BranchSwitched': {
        const s = event.data;
        await session('active_branch_id = $2', [s.branchId]);
        if (s.activated) await branch(s.branchId, `status = 'active', status_changed_at = $2`, [s.switchedAt]);
        return;
      }
      case 'BranchMarkedDeadEnd':
      case 'BranchMarkedSolved': {
        const m = event.data;
        const status = event.type === 'BranchMarkedSolved' ? 'solved' : 'dead_end';
        await branch(m.branchId, 'status = $2, status_reason = $3, status_changed_at = $4, status_changed_by = $5', [
          status,
          m.reason,
          m.at,
          m.by,
        ]);
        await session(`active_branch_id = CASE WHEN active_branch_id = $2 THEN NULL ELSE active_branch_id END`, [m.branchId]);
        if (status === 'solved') await session(`status = 'solved'`, []);
        return;
      }
      case 'BranchRevived': {
        const r = event.data;
        await branch(
          r.branchId,
          `status = 'revived', status_changed_at = $2, status_changed_by = $3, evidence_from_branch_id = $4, evidence = $5`,
          [r.at, r.by, r.evidenceFromBranchId, r.evidence],
        );
        await session('active_branch_id = $2', [r.branchId]);
        // The revival note is part of the branch's history, at the revival's position.
        const inserted = await tx.query(
          `INSERT INTO branching_messages (id, tenant_id, session_id, branch_id, position, role, text, created_at)
           VALUES ($1, $2, $3, $4, $5, 'system', $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [r.note.messageId, tenantId, r.sessionId, r.branchId, event.position, r.note.text, r.at],
        );
        if (inserted.length > 0) await branch(r.branchId, 'message_count = message_count + 1', []);
        return;
      }
      case 'SessionHandedOff': {
        const h = event.data;
        await session('status = $2, waiting_since = $3', [waitingStatusOf(h.kind), h.at]);
        return;
      }
      case 'HandoffClaimed': {
        // The wait ends: its length joins the time parked.
        await session(
          `status = 'active', parked_ms = parked_ms + coalesce((extract(epoch FROM $2::timestamptz - waiting_since) * 1000)::bigint, 0),
           waiting_since = NULL`,
          [event.data.at],
        );
        return;
      }
      case 'HandoffReleased': {
        await session('status = $2, waiting_since = $3', [waitingStatusOf(event.data.kind), event.data.at]);
        return;
      }
      case 'SessionResolved':
        await session('status = $2', ['resolved']);
        return;
      case 'SessionReopened':
        await session('status = $2', ['active']);
        return;
      case 'HandoffAssessed':
      case 'HandoffAssessmentFailed':
      case 'HandoffBriefingWritten':
        // The handoffs module's read model shows the assessment and the briefing; the session only moved a version.
        return;
      case 'BranchSummaryUpdated': {
        const u = event.data;
        await branch(u.branchId, 'summary = $2, summary_through = $3', [u.summary, u.throughPosition]);
        return;
      }
      case 'AttachmentAdded': {
        const a = event.data;
        await tx.query(
          `INSERT INTO branching_attachments (id, tenant_id, session_id, branch_id, sha256, file_name, content_type, size_bytes, kind,
                                              summary, truncated, added_by, added_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
          [
            a.attachmentId,
            tenantId,
            a.sessionId,
            a.branchId,
            a.sha256,
            a.fileName,
            a.contentType,
            a.sizeBytes,
            a.kind,
            a.summary,
            a.truncated,
            a.addedBy,
            a.addedAt,
            event.position,
          ],
        );
        return;
      }
    }
  }

  /**
   * A fork is one statement, guard included: the session row moves to the event's version (and to the
   * activated branch) and the fork's branches are inserted only if it moved. A fork's append holds the
   * store's append lock until its projections are written, so each round trip here is every writer's.
   */
  private async applyFork(event: Recorded<BranchesForked>, tenantId: string, tx: Sql): Promise<void> {
    const f = event.data;
    await tx.query(
      `WITH moved AS (
         UPDATE branching_sessions SET version = $10, updated_at = $11, active_branch_id = coalesce($12, active_branch_id)
          WHERE id = $1 AND version < $10 RETURNING id
       )
       INSERT INTO branching_branches (id, session_id, tenant_id, parent_branch_id, fork_id, fork_reason, at_branch_id, at_position,
                                       label, description, branch_order, status, created_position, created_at)
       SELECT option.id, $1, $2, $3, $4, $5, $6, $7, option.label, option.description, option.branch_order, option.status, $8, $9
         FROM unnest($13::text[], $14::text[], $15::text[], $16::integer[], $17::text[]) AS option (id, label, description, branch_order, status)
        WHERE EXISTS (SELECT 1 FROM moved)
       ON CONFLICT (id) DO NOTHING`,
      [
        f.sessionId,
        tenantId,
        f.fromBranchId,
        f.forkId,
        f.reason,
        f.at.branchId,
        f.at.position,
        event.position,
        f.forkedAt,
        event.version,
        event.recordedAt,
        f.activatedBranchId,
        f.branches.map((option) => option.branchId),
        f.branches.map((option) => option.label),
        f.branches.map((option) => option.description),
        f.branches.map((option) => option.order),
        f.branches.map((option) => (option.branchId === f.activatedBranchId ? 'active' : 'untried')),
      ],
    );
  }

  private async applyMessage(event: Recorded<BranchMessageEvent>, tx: Sql): Promise<void> {
    const d = event.data;
    const user = event.type === 'BranchMessagePosted';
    const inserted = await tx.query(
      `INSERT INTO branching_messages (id, tenant_id, session_id, branch_id, position, role, text, reply_to, attachment_ids, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        d.messageId,
        event.metadata.tenantId ?? '',
        d.sessionId,
        d.branchId,
        event.position,
        user ? 'user' : 'assistant',
        d.text,
        event.type === 'BranchReplyGiven' ? event.data.replyTo : null,
        event.type === 'BranchMessagePosted' ? event.data.attachmentIds : [],
        event.type === 'BranchMessagePosted' ? event.data.postedAt : event.data.repliedAt,
      ],
    );
    if (inserted.length === 0) return;
    await tx.query('UPDATE branching_branches SET message_count = message_count + 1 WHERE id = $1', [d.branchId]);
    if (event.type === 'BranchReplyGiven')
      await tx.query('UPDATE branching_sessions SET input_tokens = input_tokens + $2, output_tokens = output_tokens + $3 WHERE id = $1', [
        d.sessionId,
        event.data.usage.inputTokens,
        event.data.usage.outputTokens,
      ]);
  }
}
