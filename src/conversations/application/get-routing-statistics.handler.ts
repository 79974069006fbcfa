import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetSquadQuery } from '../../organizations/index.js';
import { Database } from '../../platform/database/database.js';
import { GetRoutingStatisticsQuery, type SquadRoutingStatistics } from '../../routing/index.js';

interface RuleRow {
  rule_id: string;
  level: number;
  times_used: string;
  times_escalated_away: string;
  last_used_at: Date | null;
}

/**
 * Routing's rule statistics, answered here because they are counted from this module's
 * `conversation_rounds` (one row per hand-over): the one owner of the fact that a rule was used.
 * A rule's level is the one it had when it was first used.
 */
@QueryHandler(GetRoutingStatisticsQuery)
export class GetRoutingStatisticsHandler implements IQueryHandler<GetRoutingStatisticsQuery> {
  constructor(
    private readonly db: Database,
    private readonly queries: QueryBus,
  ) {}

  async execute({ tenantId, squadId }: GetRoutingStatisticsQuery): Promise<SquadRoutingStatistics> {
    await this.queries.execute(new GetSquadQuery(tenantId, squadId));
    const rows = await this.db.query<RuleRow>(
      `SELECT rule_id, (array_agg(level ORDER BY reached_at, round))[1] AS level, count(*) AS times_used,
              count(*) FILTER (WHERE escalated_away) AS times_escalated_away, max(reached_at) AS last_used_at
         FROM conversation_rounds WHERE tenant_id = $1 AND squad_id = $2 AND rule_id <> ''
        GROUP BY rule_id ORDER BY level, rule_id`,
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
