import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded as RecordedOf } from '../../platform/projections/projection.js';
import { type ConversationEvent, conversationEventTypes } from '../domain/conversation.events.js';

type Recorded = RecordedOf<ConversationEvent>;

/**
 * One `conversation_rounds` row per hand-over: escalation rate by level and rule, and routing's
 * rule statistics (GetRoutingStatisticsHandler counts them from here). Async: statistics need no
 * read-your-writes. Replays change nothing: rounds are keyed and outcomes only leave `pending`.
 */
export class ConversationRoundsProjection extends PerEventProjection<ConversationEvent> {
  readonly name = 'conversation_rounds';
  readonly mode = 'async';
  readonly eventTypes = conversationEventTypes;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM conversation_rounds');
  }

  protected async applyEvent(event: Recorded, tx: Sql): Promise<void> {
    const id = event.data.conversationId;
    switch (event.type) {
      case 'QuestionRouted': {
        const d = event.data;
        await this.closeRound(tx, id, d.round - 1, 'referred');
        await this.openRound(tx, event, d.round, d.level, d.ruleId, d.routedAt);
        return;
      }
      case 'QuestionAcknowledged': {
        const d = event.data;
        await tx.query(
          'UPDATE conversation_rounds SET acknowledged_at = coalesce(acknowledged_at, $3) WHERE conversation_id = $1 AND round = $2',
          [id, d.round, d.acknowledgedAt],
        );
        return;
      }
      case 'QuestionEscalated': {
        const d = event.data;
        await this.closeRound(tx, id, d.round - 1, 'escalated', { event, at: d.escalatedAt });
        await this.openRound(tx, event, d.round, d.toLevel, d.ruleId, d.escalatedAt);
        return;
      }
      case 'QuestionAnswered':
        await this.closeRound(tx, id, event.data.round, 'answered');
        return;
      case 'ChainExhausted': {
        const d = event.data;
        await this.closeRound(tx, id, d.round, 'exhausted', d.reason === 'no_responders' ? undefined : { event, at: d.exhaustedAt });
        return;
      }
      default:
        return;
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
  }

  /** Ends a round with its outcome; `escalatedAway` counts it against its rule in the rule statistics. */
  private async closeRound(
    tx: Sql,
    conversationId: string,
    round: number,
    outcome: 'answered' | 'escalated' | 'referred' | 'exhausted',
    escalatedAway?: { event: Recorded; at: string },
  ): Promise<void> {
    if (round < 1) return;
    await tx.query(
      `UPDATE conversation_rounds SET outcome = $3, escalated_away = $4 WHERE conversation_id = $1 AND round = $2 AND outcome = 'pending'`,
      [conversationId, round, outcome, escalatedAway !== undefined],
    );
  }
}
