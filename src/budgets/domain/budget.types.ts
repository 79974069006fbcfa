/** Whose spend a budget counts: the whole organization, one squad, or one agent (by slug). */
export const BUDGET_SCOPES = ['organization', 'squad', 'agent'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** UTC calendar day or month: spend starts from zero at each period's start. */
export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** block: calls beyond the limit fail; degrade: the offline model answers them; alert: events only. */
export const BUDGET_MODES = ['block', 'degrade', 'alert'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

export const DEFAULT_THRESHOLDS: readonly number[] = [0.8, 1];
export const MAX_THRESHOLDS = 10;

/** A budget as set: a limit in US dollars and/or tokens per period, what happens at it, and when to warn. */
export interface BudgetDefinition {
  budgetId: string;
  scope: BudgetScope;
  /** The squad id or agent slug; null for the organization. */
  scopeId: string | null;
  period: BudgetPeriod;
  limitUsd: number | null;
  limitTokens: number | null;
  mode: BudgetMode;
  /** Fractions of the limit, ascending, in (0, 1]: each emits BudgetThresholdReached once per period. */
  thresholds: number[];
}

/** Spend in one period so far. */
export interface BudgetSpend {
  usd: number;
  tokens: number;
}

/**
 * One budget per scope, target and period (a squad may have a daily and a monthly one), so its id
 * is built from them: `organization:month`, `squad:<uuid>:day`, `agent:<slug>:month`.
 */
export function budgetIdOf(scope: BudgetScope, scopeId: string | null, period: BudgetPeriod): string {
  return scope === 'organization' ? `organization:${period}` : `${scope}:${scopeId ?? ''}:${period}`;
}
