import type { ConversationStatus } from '../domain/conversation.types.js';
import type { ConversationSummary } from './conversation.view.js';

export interface ConversationRow {
  id: string;
  squad_id: string;
  asker_member_id: string;
  question_type: string;
  question: string;
  state: ConversationStatus;
  level: number | null;
  responder_ids: string[];
  escalations: number;
  asked_at: Date;
  first_acknowledged_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  asked_position: string;
}

export const SUMMARY_COLUMNS = `id, squad_id, asker_member_id, question_type, question, state, level, responder_ids, escalations,
  asked_at, first_acknowledged_at, answered_at, closed_at, asked_position`;

const iso = (at: Date | null) => at?.toISOString() ?? null;

export function toSummary(row: ConversationRow): { key: number; view: ConversationSummary } {
  return {
    key: Number(row.asked_position),
    view: {
      id: row.id,
      squadId: row.squad_id,
      askerMemberId: row.asker_member_id,
      questionType: row.question_type,
      question: row.question,
      state: row.state,
      level: row.level,
      responderIds: row.responder_ids,
      escalations: row.escalations,
      askedAt: row.asked_at.toISOString(),
      firstAcknowledgedAt: iso(row.first_acknowledged_at),
      answeredAt: iso(row.answered_at),
      closedAt: iso(row.closed_at),
    },
  };
}
