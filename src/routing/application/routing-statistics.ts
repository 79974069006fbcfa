import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { Sql } from '../../platform/database/sql.js';

/**
 * One use of a rule by a conversation. `routed`: the question reached the rule's responders at its
 * level (at level > 0 that is an escalation to it). `escalated_away`: nobody there answered in time.
 */
export interface RuleUsage {
  tenantId: string;
  /** Unique per fact, e.g. `<conversationId>:<level>:routed`, so recording it again changes nothing. */
  usageKey: string;
  ruleId: string;
  squadId: string;
  level: number;
  kind: 'routed' | 'escalated_away';
  at: Date;
}

export interface RuleStatistics {
  ruleId: string;
  level: number;
  timesUsed: number;
  timesEscalatedAway: number;
  lastUsedAt: Date | null;
}

export interface SquadRoutingStatistics {
  rules: RuleStatistics[];
  /** Per level: how many questions reached it (escalations, for level > 0) and how many left it unanswered. */
  levels: { level: number; timesReached: number; timesEscalatedAway: number }[];
}

interface StatsRow {
  rule_id: string;
  level: number;
  times_used: string;
  times_escalated_away: string;
  last_used_at: Date | null;
}

/** Counters per rule, fed by conversations (their projections pass their transaction as `sql`). */
@Injectable()
export class RoutingStatistics {
  constructor(private readonly db: Database) {}

  /** Idempotent: a usage key already recorded is ignored. Returns whether this call counted. */
  async recordUsage(usage: RuleUsage, sql: Sql = this.db): Promise<boolean> {
    const routed = usage.kind === 'routed' ? 1 : 0;
    const rows = await sql.query(
      `WITH fresh AS (
         INSERT INTO routing_rule_usage_keys (tenant_id, usage_key, recorded_at) VALUES ($1, $2, $7)
         ON CONFLICT DO NOTHING RETURNING 1)
       INSERT INTO routing_rule_stats AS s (rule_id, tenant_id, squad_id, level, times_used, times_escalated_away, last_used_at)
       SELECT $3, $1, $4, $5, $6::int, 1 - $6::int, CASE WHEN $6::int = 1 THEN $7::timestamptz END FROM fresh
       ON CONFLICT (rule_id) DO UPDATE SET
              times_used = s.times_used + excluded.times_used,
              times_escalated_away = s.times_escalated_away + excluded.times_escalated_away,
              last_used_at = greatest(s.last_used_at, excluded.last_used_at)
       RETURNING 1`,
      [usage.tenantId, usage.usageKey, usage.ruleId, usage.squadId, usage.level, routed, usage.at],
    );
    return rows.length > 0;
  }

  async forSquad(tenantId: string, squadId: string): Promise<SquadRoutingStatistics> {
    const rows = await this.db.query<StatsRow>(
      `SELECT rule_id, level, times_used, times_escalated_away, last_used_at FROM routing_rule_stats
        WHERE tenant_id = $1 AND squad_id = $2 ORDER BY level, rule_id`,
      [tenantId, squadId],
    );
    const rules = rows.map((row) => ({
      ruleId: row.rule_id,
      level: row.level,
      timesUsed: Number(row.times_used),
      timesEscalatedAway: Number(row.times_escalated_away),
      lastUsedAt: row.last_used_at,
    }));
    const levels = new Map<number, { level: number; timesReached: number; timesEscalatedAway: number }>();
    for (const rule of rules) {
      const level = levels.get(rule.level) ?? { level: rule.level, timesReached: 0, timesEscalatedAway: 0 };
      level.timesReached += rule.timesUsed;
      level.timesEscalatedAway += rule.timesEscalatedAway;
      levels.set(rule.level, level);
    }
    return { rules, levels: [...levels.values()] };
  }
}
