import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { BudgetMode, BudgetPeriod, BudgetScope } from './budget.types.js';

/**
 * Events of stream `budget-<tenantId>:<budgetId>`, schema version 1. They carry `squadId` for a
 * squad's budget, so the realtime channel delivers them to the squad's room as well as the
 * organization's.
 */
interface Base {
  organizationId: string;
  budgetId: string;
  squadId?: string;
}

export type BudgetSet = DomainEvent<
  'BudgetSet',
  Base & {
    scope: BudgetScope;
    scopeId: string | null;
    period: BudgetPeriod;
    limitUsd: number | null;
    limitTokens: number | null;
    mode: BudgetMode;
    thresholds: number[];
    setAt: string;
  }
>;

/** The period's spend reached `threshold` (a fraction of the limit) for the first time. */
export type BudgetThresholdReached = DomainEvent<
  'BudgetThresholdReached',
  Base & { periodStart: string; threshold: number; spentUsd: number; spentTokens: number; reachedAt: string }
>;

/**
 * The period's budget is spent: the spend reached the limit, or a call was refused (blocked or
 * degraded) because its estimate would not fit. Once per period.
 */
export type BudgetExhausted = DomainEvent<
  'BudgetExhausted',
  Base & {
    periodStart: string;
    mode: BudgetMode;
    reason: 'limit_reached' | 'call_refused';
    spentUsd: number;
    spentTokens: number;
    exhaustedAt: string;
  }
>;

export type BudgetEvent = BudgetSet | BudgetThresholdReached | BudgetExhausted;

export const budgetEventTypes = [
  'BudgetSet',
  'BudgetThresholdReached',
  'BudgetExhausted',
] as const satisfies readonly BudgetEvent['type'][];
