import type { BudgetPeriod } from './budget.types.js';

/** The UTC start of the day or month that `now` falls in. */
export function periodStart(period: BudgetPeriod, now: number): Date {
  const at = new Date(now);
  return period === 'day'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** The start of the next period (exclusive end of this one). */
export function periodEnd(period: BudgetPeriod, now: number): Date {
  const start = periodStart(period, now);
  return period === 'day'
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1))
    : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** Below this much elapsed time a linear projection says more about noise than about spend. */
const MIN_ELAPSED_MS = 3_600_000;

/**
 * Spend at the end of the period if it goes on at the rate so far (linear). Early in a period the
 * rate is taken over at least an hour, so the first call of a month does not project a fortune.
 */
export function projectedSpend(spent: number, period: BudgetPeriod, now: number): number {
  const start = periodStart(period, now).getTime();
  const end = periodEnd(period, now).getTime();
  const elapsed = Math.min(end - start, Math.max(MIN_ELAPSED_MS, now - start));
  return spent * ((end - start) / elapsed);
}
