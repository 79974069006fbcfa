import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database.js';

export interface UsageFigures {
  calls: number;
  cachedCalls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Only the calls made for this squad and/or this agent (as the calls' scope named them). */
export interface UsageFilter {
  squadId?: string;
  agentSlug?: string;
}

export interface UsageTotals {
  from: string;
  to: string;
  squadId: string | null;
  agentSlug: string | null;
  total: UsageFigures;
  byDay: Array<{ day: string } & UsageFigures>;
  byPurpose: Array<{ purpose: string } & UsageFigures>;
  byModel: Array<{ provider: string; model: string } & UsageFigures>;
}

interface TotalsRow {
  day_group: number;
  purpose_group: number;
  model_group: number;
  day: string | null;
  purpose: string | null;
  provider: string | null;
  model: string | null;
  calls: number;
  cached_calls: number;
  failed_calls: number;
  input_tokens: string;
  output_tokens: string;
  cost_usd: string;
}

/** Language-model usage of one organization, read from llm_usage. */
@Injectable()
export class LlmUsageService {
  constructor(private readonly db: Database) {}

  /** Totals for calls made in [from, to) (of one squad or agent when asked), by UTC day, by purpose and by model, in one scan. */
  async usageTotals(tenantId: string, range: { from: Date; to: Date }, filter: UsageFilter = {}): Promise<UsageTotals> {
    const rows = await this.db.query<TotalsRow>(
      `SELECT GROUPING(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS day_group,
              GROUPING(purpose) AS purpose_group,
              GROUPING(provider, model) AS model_group,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, purpose, provider, model,
              count(*)::int AS calls,
              count(*) FILTER (WHERE cached)::int AS cached_calls,
              count(*) FILTER (WHERE outcome <> 'ok')::int AS failed_calls,
              coalesce(sum(input_tokens), 0)::text AS input_tokens,
              coalesce(sum(output_tokens), 0)::text AS output_tokens,
              coalesce(sum(cost_usd), 0)::text AS cost_usd
         FROM llm_usage
        WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
          AND ($4::text IS NULL OR squad_id = $4) AND ($5::text IS NULL OR agent_slug = $5)
        GROUP BY GROUPING SETS ((to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), (purpose), (provider, model), ())`,
      [tenantId, range.from, range.to, filter.squadId ?? null, filter.agentSlug ?? null],
    );
    const figures = (row: TotalsRow): UsageFigures => ({
      calls: row.calls,
      cachedCalls: row.cached_calls,
      failedCalls: row.failed_calls,
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      costUsd: Number(row.cost_usd),
    });
    const empty: UsageFigures = { calls: 0, cachedCalls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const grand = rows.find((row) => row.day_group === 1 && row.purpose_group === 1 && row.model_group === 3);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      squadId: filter.squadId ?? null,
      agentSlug: filter.agentSlug ?? null,
      total: grand ? figures(grand) : empty,
      byDay: rows
        .filter((row) => row.day_group === 0)
        .map((row) => ({ day: row.day as string, ...figures(row) }))
        .sort((a, b) => a.day.localeCompare(b.day)),
      byPurpose: rows
        .filter((row) => row.purpose_group === 0)
        .map((row) => ({ purpose: row.purpose as string, ...figures(row) }))
        .sort((a, b) => b.calls - a.calls || a.purpose.localeCompare(b.purpose)),
      byModel: rows
        .filter((row) => row.model_group === 0)
        .map((row) => ({ provider: row.provider as string, model: row.model as string, ...figures(row) }))
        .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model)),
    };
  }
}
