import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { ConversationStatus } from '../domain/conversation.types.js';

export interface DurationFigures {
  count: number;
  averageMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface EscalationFigures {
  /** Times a question reached this level (or rule): first contacts, escalations and referrals. */
  reached: number;
  answered: number;
  /** Left without an answer: escalated to the next level, or the chain ran out there. */
  escalatedAway: number;
  /** escalatedAway / closed rounds (those that ended), null before any ended. */
  escalationRate: number | null;
}

export interface ConversationStatistics {
  squadId: string;
  total: number;
  byState: Record<ConversationStatus, number>;
  timeToAcknowledge: DurationFigures;
  timeToAnswer: DurationFigures;
  byLevel: (EscalationFigures & { level: number })[];
  byRule: (EscalationFigures & { ruleId: string; level: number })[];
}

interface DurationRow {
  count: string;
  average: number | null;
  p50: number | null;
  p95: number | null;
}

interface RoundsRow {
  level: number;
  rule_id: string | null;
  reached: string;
  answered: string;
  escalated_away: string;
  closed: string;
}

const durations = (row: DurationRow): DurationFigures => ({
  count: Number(row.count),
  averageMs: row.average === null ? null : Math.round(row.average),
  p50Ms: row.p50 === null ? null : Math.round(row.p50),
  p95Ms: row.p95 === null ? null : Math.round(row.p95),
});

function escalation(row: RoundsRow): EscalationFigures {
  const closed = Number(row.closed);
  const escalatedAway = Number(row.escalated_away);
  return {
    reached: Number(row.reached),
    answered: Number(row.answered),
    escalatedAway,
    escalationRate: closed === 0 ? null : Math.round((escalatedAway / closed) * 1000) / 1000,
  };
}

const DURATION = (from: string, to: string) => `
  SELECT count(${to}) AS count,
         avg(extract(epoch FROM ${to} - ${from}) * 1000)::float8 AS average,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${to} - ${from}) * 1000)::float8 AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ${to} - ${from}) * 1000)::float8 AS p95
    FROM conversations WHERE tenant_id = $1 AND squad_id = $2 AND ${to} IS NOT NULL`;

/** A squad's conversation figures, computed from the read models on request. */
@Injectable()
export class ConversationStatisticsReader {
  constructor(private readonly db: Database) {}

  async forSquad(tenantId: string, squadId: string): Promise<ConversationStatistics> {
    const [states, [acknowledge], [answer], rounds] = await Promise.all([
      this.db.query<{ state: ConversationStatus; n: string }>(
        'SELECT state, count(*) AS n FROM conversations WHERE tenant_id = $1 AND squad_id = $2 GROUP BY state',
        [tenantId, squadId],
      ),
      this.db.query<DurationRow>(DURATION('asked_at', 'first_acknowledged_at'), [tenantId, squadId]),
      this.db.query<DurationRow>(DURATION('asked_at', 'answered_at'), [tenantId, squadId]),
      this.db.query<RoundsRow>(
        `SELECT level, rule_id, count(*) AS reached,
                count(*) FILTER (WHERE outcome = 'answered') AS answered,
                count(*) FILTER (WHERE outcome IN ('escalated', 'exhausted')) AS escalated_away,
                count(*) FILTER (WHERE outcome <> 'pending') AS closed
           FROM conversation_rounds WHERE tenant_id = $1 AND squad_id = $2
          GROUP BY GROUPING SETS ((level), (level, rule_id)) ORDER BY level, rule_id NULLS FIRST`,
        [tenantId, squadId],
      ),
    ]);
    const byState = { initiated: 0, waiting: 0, follow_up: 0, escalated: 0, answered: 0, unanswered: 0 };
    for (const row of states) byState[row.state] = Number(row.n);
    return {
      squadId,
      total: Object.values(byState).reduce((sum, n) => sum + n, 0),
      byState,
      timeToAcknowledge: durations(acknowledge),
      timeToAnswer: durations(answer),
      byLevel: rounds.filter((row) => row.rule_id === null).map((row) => ({ level: row.level, ...escalation(row) })),
      byRule: rounds
        .filter((row) => row.rule_id !== null)
        .map((row) => ({ ruleId: row.rule_id ?? '', level: row.level, ...escalation(row) })),
    };
  }
}
