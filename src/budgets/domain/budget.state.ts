import type { BudgetEvent } from './budget.events.js';
import type { BudgetDefinition } from './budget.types.js';

/** What the current period has announced so far: each threshold and the exhaustion once. */
export interface PeriodAnnouncements {
  periodStart: string;
  reached: number[];
  exhausted: boolean;
}

export type BudgetState =
  { status: 'unset' } | { status: 'set'; organizationId: string; budget: BudgetDefinition; period: PeriodAnnouncements | null };

export const initialBudgetState = (): BudgetState => ({ status: 'unset' });

/** Announcements of `periodStart`: those recorded when it is the period on record, none for a new one. */
export function announcementsOf(state: BudgetState, periodStart: string): PeriodAnnouncements {
  const period = state.status === 'set' ? state.period : null;
  return period?.periodStart === periodStart ? period : { periodStart, reached: [], exhausted: false };
}

export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  switch (event.type) {
    case 'BudgetSet': {
      const { organizationId, budgetId, scope, scopeId, period, limitUsd, limitTokens, mode, thresholds } = event.data;
      const budget: BudgetDefinition = { budgetId, scope, scopeId, period, limitUsd, limitTokens, mode, thresholds };
      // A changed limit re-arms the current period's announcements: 80 % of a new limit is news.
      return { status: 'set', organizationId, budget, period: null };
    }
    case 'BudgetThresholdReached': {
      if (state.status !== 'set') return state;
      const period = announcementsOf(state, event.data.periodStart);
      return { ...state, period: { ...period, reached: [...period.reached, event.data.threshold] } };
    }
    case 'BudgetExhausted': {
      if (state.status !== 'set') return state;
      return { ...state, period: { ...announcementsOf(state, event.data.periodStart), exhausted: true } };
    }
  }
}
