import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type { ChainExhausted, QuestionAnswered, QuestionClaimed, QuestionReleased } from '../../conversations/index.js';
import { queueKeyOf } from './handoffs.projection.js';

type QueuedQuestionEvent = ChainExhausted | QuestionClaimed | QuestionReleased | QuestionAnswered;

/**
 * The questions on the team queue: raised when their escalation chain runs out, claimed and released
 * there, gone once answered. From the conversation's events alone — the question itself comes from
 * the stream's first event (`QuestionAsked`, version 1), which is in the log before this runs, even
 * when both were appended together. Inline, so a claim's answer and the queue read their own writes;
 * rows move only to a newer event of their conversation (`version <`), so replays change nothing.
 */
export class QueuedQuestionsProjection extends PerEventProjection<QueuedQuestionEvent> {
  readonly name = 'queued_questions';
  readonly mode = 'inline';
  readonly eventTypes = ['ChainExhausted', 'QuestionClaimed', 'QuestionReleased', 'QuestionAnswered'] as const;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM queued_questions');
  }

  protected async applyEvent(event: Recorded<QueuedQuestionEvent>, tx: Sql): Promise<void> {
    const id = event.data.conversationId;
    switch (event.type) {
      case 'ChainExhausted':
        await tx.query(
          `INSERT INTO queued_questions (id, tenant_id, squad_id, question, question_type, asker, reason, raised_at, status, queue_key, position, version)
           SELECT $1, $2, $3, asked.data->'message'->>'text', asked.data->>'questionType', asked.data->'asker', $4, $5, 'waiting', $6, $7, $8
             FROM events asked WHERE asked.stream_id = $9 AND asked.version = 1
           ON CONFLICT (id) DO NOTHING`,
          [
            id,
            event.metadata.tenantId ?? '',
            event.data.squadId,
            event.data.reason,
            event.data.exhaustedAt,
            queueKeyOf('normal', event.position),
            event.position,
            event.version,
            event.streamId,
          ],
        );
        return;
      case 'QuestionClaimed': {
        const c = event.data;
        await tx.query(
          `UPDATE queued_questions SET status = 'claimed', claimed_by = $2, claimed_at = $3, first_claimed_at = COALESCE(first_claimed_at, $3),
                  briefing = $4, version = $5
            WHERE id = $1 AND version < $5`,
          [id, c.by, c.claimedAt, c.briefing, event.version],
        );
        return;
      }
      case 'QuestionReleased':
        await tx.query(
          `UPDATE queued_questions SET status = 'waiting', claimed_by = NULL, claimed_at = NULL, version = $2 WHERE id = $1 AND version < $2`,
          [id, event.version],
        );
        return;
      case 'QuestionAnswered':
        // An answer in time has no row to touch; one recorded before answers named their queue item still takes it off.
        await tx.query(`UPDATE queued_questions SET status = 'answered', answered_at = $2, version = $3 WHERE id = $1 AND version < $3`, [
          id,
          event.data.answeredAt,
          event.version,
        ]);
        return;
    }
  }
}
