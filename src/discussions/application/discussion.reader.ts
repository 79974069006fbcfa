import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { DiscussionStatus, MessageKind, Phase } from '../domain/discussion.types.js';

export interface DiscussionSummary {
  id: string;
  goal: string;
  squadId: string | null;
  status: DiscussionStatus;
  phase: Phase;
  round: number;
  participants: string[];
  openedAt: string;
  updatedAt: string;
}

export interface DiscussionFilter {
  status?: DiscussionStatus;
  agent?: string;
  from?: string;
  to?: string;
}

export interface MessageHit {
  discussionId: string;
  goal: string;
  messageId: string;
  kind: MessageKind;
  speaker: string;
  text: string;
  /** The matching words marked with <mark>…</mark>. */
  highlight: string;
  rank: number;
  postedAt: string;
}

interface SummaryRow {
  id: string;
  goal: string;
  squad_id: string | null;
  status: DiscussionStatus;
  phase: Phase;
  round: number;
  participants: string[];
  opened_at: Date;
  updated_at: Date;
  opened_position: string;
}

interface HitRow {
  discussion_id: string;
  goal: string;
  id: string;
  kind: MessageKind;
  speaker: string;
  text: string;
  highlight: string;
  rank: number;
  posted_at: Date;
}

/** Reads of the discussions read model, each scoped to one organization. */
@Injectable()
export class DiscussionReader {
  constructor(private readonly db: Database) {}

  async list(
    tenantId: string,
    filter: DiscussionFilter,
    page: { after: number; limit: number },
  ): Promise<{ key: number; view: DiscussionSummary }[]> {
    const rows = await this.db.query<SummaryRow>(
      `SELECT id, goal, squad_id, status, phase, round, participants, opened_at, updated_at, opened_position FROM discussions
        WHERE tenant_id = $1 AND opened_position > $2
          AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR $4 = ANY (participants))
          AND ($5::timestamptz IS NULL OR opened_at >= $5)
          AND ($6::timestamptz IS NULL OR opened_at < $6)
        ORDER BY opened_position LIMIT $7`,
      [tenantId, page.after, filter.status ?? null, filter.agent ?? null, filter.from ?? null, filter.to ?? null, page.limit + 1],
    );
    return rows.map((row) => ({
      key: Number(row.opened_position),
      view: {
        id: row.id,
        goal: row.goal,
        squadId: row.squad_id,
        status: row.status,
        phase: row.phase,
        round: row.round,
        participants: row.participants,
        openedAt: row.opened_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      },
    }));
  }

  /** Full-text search over every message of the organization's discussions, best match first. */
  async search(tenantId: string, text: string, limit: number): Promise<MessageHit[]> {
    const rows = await this.db.query<HitRow>(
      `SELECT m.discussion_id, d.goal, m.id, m.kind, m.speaker, m.text, m.posted_at,
              ts_rank(m.search, q) AS rank,
              ts_headline('english', m.text, q, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10') AS highlight
         FROM discussion_messages m JOIN discussions d ON d.id = m.discussion_id,
              websearch_to_tsquery('english', $2) q
        WHERE m.tenant_id = $1 AND m.search @@ q
        ORDER BY rank DESC, m.position DESC LIMIT $3`,
      [tenantId, text, limit],
    );
    return rows.map((row) => ({
      discussionId: row.discussion_id,
      goal: row.goal,
      messageId: row.id,
      kind: row.kind,
      speaker: row.speaker,
      text: row.text,
      highlight: row.highlight,
      rank: Number(row.rank),
      postedAt: row.posted_at.toISOString(),
    }));
  }
}
