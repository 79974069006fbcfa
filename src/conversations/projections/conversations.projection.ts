import type { Sql } from '../../platform/database/sql.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { Projection } from '../../platform/projections/projection.js';
import type { RoutingStatistics } from '../../routing/index.js';
import { type ConversationEvent, conversationEventTypes } from '../domain/conversation.events.js';

type Recorded = RecordedEvent & ConversationEvent;

/**
 * The `conversations` row (lists, inboxes, time to acknowledge / answer) and one `conversation_rounds`
 * row per hand-over (escalation rate by level and rule); also feeds routing's rule statistics.
 * Each update applies only to a row older than the event (`version <`), so replays change nothing.
 */
export class ConversationsProjection implements Projection {
  readonly name = 'conversations';
  readonly mode = 'inline';
  readonly eventTypes = conversationEventTypes;

  constructor(private readonly routingStatistics: RoutingStatistics) {}

  async apply(events: readonly RecordedEvent[], tx: Sql): Promise<void> {
    for (const event of events as readonly Recorded[]) await this.applyOne(event, tx);
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM conversation_rounds');
    await tx.query('DELETE FROM conversations');
  }

  private async applyOne(event: Recorded, tx: Sql): Promise<void> {
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
        await this.closeRound(tx, id, d.round - 1, 'referred');
        await this.openRound(tx, event, d.round, d.level, d.ruleId, d.routedAt);
        await update(`state = 'initiated', round = $4, level = $5, responder_ids = $6`, [
          d.round,
          d.level,
          d.responders.map((r) => r.memberId),
        ]);
        return;
      }
      case 'QuestionAcknowledged': {
        const d = event.data;
        await tx.query(
          'UPDATE conversation_rounds SET acknowledged_at = coalesce(acknowledged_at, $3) WHERE conversation_id = $1 AND round = $2',
          [id, d.round, d.acknowledgedAt],
        );
        await update(`state = 'waiting', first_acknowledged_at = coalesce(first_acknowledged_at, $4)`, [d.acknowledgedAt]);
        return;
      }
      case 'FollowUpSent':
        await update(`state = 'follow_up'`, []);
        return;
      case 'QuestionEscalated': {
        const d = event.data;
        await this.closeRound(tx, id, d.round - 1, 'escalated', { event, at: d.escalatedAt });
        await this.openRound(tx, event, d.round, d.toLevel, d.ruleId, d.escalatedAt);
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
        await this.closeRound(tx, id, d.round, 'answered');
        await update(`state = 'answered', responder_ids = '{}', answered_at = $4, answered_by = $5, closed_at = $4`, [
          d.answeredAt,
          d.by.memberId,
        ]);
        return;
      }
      case 'ChainExhausted': {
        const d = event.data;
        await this.closeRound(tx, id, d.round, 'exhausted', d.reason === 'no_responders' ? undefined : { event, at: d.exhaustedAt });
        await update(`state = 'unanswered', responder_ids = '{}', closed_at = $4`, [d.exhaustedAt]);
        return;
      }
    }
  }

  private async openRound(tx: Sql, event: Recorded, round: number, level: number, ruleId: string, at: string): Promise<void> {
    const tenantId = event.metadata.tenantId ?? '';
    const squadId = event.data.squadId;
    await tx.query(
      `INSERT INTO conversation_rounds (conversation_id, round, tenant_id, squad_id, level, rule_id, reached_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [event.data.conversationId, round, tenantId, squadId, level, ruleId, at],
    );
    if (!ruleId) return;
    await this.routingStatistics.recordUsage(
      { tenantId, usageKey: `${event.data.conversationId}:${round}:routed`, ruleId, squadId, level, kind: 'routed', at: new Date(at) },
      tx,
    );
  }

  /** Ends a round with its outcome; `escalatedAway` counts it against its rule in routing's statistics. */
  private async closeRound(
    tx: Sql,
    conversationId: string,
    round: number,
    outcome: 'answered' | 'escalated' | 'referred' | 'exhausted',
    escalatedAway?: { event: Recorded; at: string },
  ): Promise<void> {
    if (round < 1) return;
    const [row] = await tx.query<{ rule_id: string; level: number; squad_id: string; tenant_id: string }>(
      `UPDATE conversation_rounds SET outcome = $3 WHERE conversation_id = $1 AND round = $2 AND outcome = 'pending'
       RETURNING rule_id, level, squad_id, tenant_id`,
      [conversationId, round, outcome],
    );
    if (!row || !escalatedAway || !row.rule_id) return;
    await this.routingStatistics.recordUsage(
      {
        tenantId: row.tenant_id,
        usageKey: `${conversationId}:${round}:escalated_away`,
        ruleId: row.rule_id,
        squadId: row.squad_id,
        level: row.level,
        kind: 'escalated_away',
        at: new Date(escalatedAway.at),
      },
      tx,
    );
  }
}
