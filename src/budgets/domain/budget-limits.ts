import type { BudgetDefinition, BudgetSpend } from './budget.types.js';
import { MAX_THRESHOLDS } from './budget.types.js';

/** How much of its limit a spend uses: the larger of the dollar and token fractions. */
export function usedFraction(budget: Pick<BudgetDefinition, 'limitUsd' | 'limitTokens'>, spend: BudgetSpend): number {
  const usd = budget.limitUsd === null ? 0 : spend.usd / budget.limitUsd;
  const tokens = budget.limitTokens === null ? 0 : spend.tokens / budget.limitTokens;
  return Math.max(usd, tokens);
}

/** The thresholds a spend moving from `before` to `after` passes: in (before, after]. */
export function crossedThresholds(thresholds: readonly number[], before: number, after: number): number[] {
  return thresholds.filter((threshold) => before < threshold && threshold <= after);
}

/** What is wrong with a budget's limits and thresholds, or undefined when they hold. */
export function limitsProblem(budget: Pick<BudgetDefinition, 'limitUsd' | 'limitTokens' | 'thresholds'>): string | undefined {
  const { limitUsd, limitTokens, thresholds } = budget;
  if (limitUsd === null && limitTokens === null) return 'a budget needs limitUsd, limitTokens or both';
  if (limitUsd !== null && !(Number.isFinite(limitUsd) && limitUsd > 0)) return 'limitUsd must be a number above 0';
  if (limitTokens !== null && !(Number.isInteger(limitTokens) && limitTokens > 0)) return 'limitTokens must be an integer above 0';
  if (thresholds.length > MAX_THRESHOLDS) return `at most ${MAX_THRESHOLDS} thresholds`;
  if (thresholds.some((t) => !(Number.isFinite(t) && t > 0 && t <= 1))) return 'thresholds must be fractions in (0, 1], e.g. 0.8';
  if (new Set(thresholds).size !== thresholds.length) return 'thresholds must not repeat';
  return undefined;
}
