import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded as RecordedOf } from '../../platform/projections/projection.js';
import { type ConversationEvent, conversationEventTypes } from '../domain/conversation.events.js';

type Recorded = RecordedOf<ConversationEvent>;

/**
 * The `conversations` row (lists, inboxes, time to acknowledge / answer), inline because inboxes
 * must show a question as soon as it is asked. Per-round statistics are the async
 * ConversationRoundsProjection. Each update applies only to a row older than the event
 * (`version <`), so replays change nothing.
 */
export class ConversationsProjection extends PerEventProjection<ConversationEvent> {
  readonly name = 'conversations';
  readonly mode = 'inline';
  readonly eventTypes = conversationEventTypes;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM conversations');
  }

  protected async applyEvent(event: Recorded, tx: Sql): Promise<void> {
    const id = event.data.conversationId;
    const tenantId = event.metadata.tenantId ?? '';
    const update = (set: string, params: unknown[]) =>
      tx.query(`UPDATE conversations SET ${set}, version = $2, updated_at = $3 WHERE id = $1 AND version < $2`, [
        id,
        event.version,
        event.recordedAt,
        ...params,
      ]);
    switch (event.type) {
      case 'QuestionAsked': {
        const d = event.data;
        await tx.query(
          `INSERT INTO conversations (id, tenant_id, squad_id, asker_member_id, question_type, question, state, round,
                                      asked_at, version, asked_position, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'initiated', 0, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [
            id,
            tenantId,
            d.squadId,
            d.asker.memberId,
            d.questionType,
            d.message.text,
            d.askedAt,
            event.version,
            event.position,
            event.recordedAt,
          ],
        );
        return;
      }
      case 'QuestionRouted': {
        const d = event.data;
        await update(`state = 'initiated', round = $4, level = $5, responder_ids = $6`, [
          d.round,
          d.level,
          d.responders.map((r) => r.memberId),
        ]);
        return;
      }
      case 'QuestionAcknowledged': {
        const d = event.data;
        await update(`state = 'waiting', first_acknowledged_at = coalesce(first_acknowledged_at, $4)`, [d.acknowledgedAt]);
        return;
      }
      case 'FollowUpSent':
        await update(`state = 'follow_up'`, []);
        return;
      case 'QuestionEscalated': {
        const d = event.data;
        await update(`state = 'escalated', round = $4, level = $5, responder_ids = $6, escalations = escalations + 1`, [
          d.round,
          d.toLevel,
          d.responders.map((r) => r.memberId),
        ]);
        return;
      }
      case 'CantHelpSaid':
        await update(`responder_ids = array_remove(responder_ids, $4)`, [event.data.by.memberId]);
        return;
      case 'QuestionAnswered': {
        const d = event.data;
        await update(`state = 'answered', responder_ids = '{}', answered_at = $4, answered_by = $5, closed_at = $4`, [
          d.answeredAt,
          d.by.memberId,
        ]);
        return;
      }
      case 'ChainExhausted': {
        const d = event.data;
        await update(`state = 'unanswered', responder_ids = '{}', closed_at = $4`, [d.exhaustedAt]);
        return;
      }
      case 'QuestionClaimed':
      case 'QuestionReleased':
        return; // the team queue's business (the handoffs module's queued_questions)
    }
  }
}
