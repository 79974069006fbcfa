import { periodEnd, periodStart, projectedSpend } from '../domain/budget-period.js';
import type { BudgetMode, BudgetPeriod, BudgetScope } from '../domain/budget.types.js';

/** A budget with its current period's spend, as the API shows it. */
export interface BudgetView {
  budgetId: string;
  scope: BudgetScope;
  squadId: string | null;
  agentSlug: string | null;
  period: BudgetPeriod;
  mode: BudgetMode;
  limitUsd: number | null;
  limitTokens: number | null;
  thresholds: number[];
  periodStart: string;
  periodEnd: string;
  spentUsd: number;
  spentTokens: number;
  /** Held by calls in flight: their estimates, until they settle. */
  reservedUsd: number;
  reservedTokens: number;
  /** Spend at the end of the period at the rate so far. */
  projectedUsd: number;
  projectedTokens: number;
  updatedAt: string;
}

export interface BudgetRow {
  budget_id: string;
  scope: BudgetScope;
  scope_id: string | null;
  period: BudgetPeriod;
  mode: BudgetMode;
  limit_usd: string | null;
  limit_tokens: string | null;
  thresholds: number[];
  updated_at: Date;
  spent_usd: string | null;
  spent_tokens: string | null;
  reserved_usd: string | null;
  reserved_tokens: string | null;
}

/** Budgets of one tenant (one budget when `budgetId` is given) with their spend in the period `now` falls in. */
export const BUDGETS_WITH_SPEND = `
  SELECT b.budget_id, b.scope, b.scope_id, b.period, b.mode, b.limit_usd::text, b.limit_tokens::text, b.thresholds, b.updated_at,
         s.spent_usd::text, s.spent_tokens::text, s.reserved_usd::text, s.reserved_tokens::text
    FROM budgets b
    LEFT JOIN budget_spend s ON s.tenant_id = b.tenant_id AND s.budget_id = b.budget_id
     AND s.period_start = CASE b.period WHEN 'day' THEN $2::timestamptz ELSE $3::timestamptz END
   WHERE b.tenant_id = $1 AND ($4::text IS NULL OR b.budget_id = $4)
   ORDER BY b.scope, b.scope_id NULLS FIRST, b.period`;

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function toBudgetView(row: BudgetRow, now: number): BudgetView {
  const spentUsd = Number(row.spent_usd ?? 0);
  const spentTokens = Number(row.spent_tokens ?? 0);
  return {
    budgetId: row.budget_id,
    scope: row.scope,
    squadId: row.scope === 'squad' ? row.scope_id : null,
    agentSlug: row.scope === 'agent' ? row.scope_id : null,
    period: row.period,
    mode: row.mode,
    limitUsd: row.limit_usd === null ? null : Number(row.limit_usd),
    limitTokens: row.limit_tokens === null ? null : Number(row.limit_tokens),
    thresholds: row.thresholds,
    periodStart: periodStart(row.period, now).toISOString(),
    periodEnd: periodEnd(row.period, now).toISOString(),
    spentUsd,
    spentTokens,
    reservedUsd: Number(row.reserved_usd ?? 0),
    reservedTokens: Number(row.reserved_tokens ?? 0),
    projectedUsd: round6(projectedSpend(spentUsd, row.period, now)),
    projectedTokens: Math.round(projectedSpend(spentTokens, row.period, now)),
    updatedAt: row.updated_at.toISOString(),
  };
}
