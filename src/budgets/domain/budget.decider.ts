import type { Decider } from '../../platform/decider/decider.js';
import type { BudgetCommand, RecordBudgetSpend, RecordRefusedCall, SetBudget } from './budget.commands.js';
import { InvalidBudgetError } from './budget.errors.js';
import type { BudgetEvent, BudgetExhausted, BudgetSet } from './budget.events.js';
import { crossedThresholds, limitsProblem, usedFraction } from './budget-limits.js';
import { type BudgetState, announcementsOf, evolveBudget, initialBudgetState } from './budget.state.js';
import { type BudgetDefinition, budgetIdOf } from './budget.types.js';

function squadOf(budget: BudgetDefinition): { squadId?: string } {
  return budget.scope === 'squad' && budget.scopeId ? { squadId: budget.scopeId } : {};
}

function setBudget(command: SetBudget, state: BudgetState): BudgetEvent[] {
  const { budget } = command;
  const problem = limitsProblem(budget);
  if (problem) throw new InvalidBudgetError(problem);
  if ((budget.scope === 'organization') !== (budget.scopeId === null)) {
    throw new InvalidBudgetError(
      budget.scope === 'organization'
        ? 'an organization budget names no squad or agent'
        : `a ${budget.scope} budget names its ${budget.scope}`,
    );
  }
  if (budget.budgetId !== budgetIdOf(budget.scope, budget.scopeId, budget.period))
    throw new InvalidBudgetError('the budget id does not match its scope and period');
  const thresholds = [...budget.thresholds].sort((a, b) => a - b);
  const next: BudgetDefinition = { ...budget, thresholds };
  // Setting the same budget again changes nothing (PUT is idempotent).
  if (state.status === 'set' && JSON.stringify(state.budget) === JSON.stringify(next)) return [];
  const event: BudgetSet = {
    type: 'BudgetSet',
    data: { organizationId: command.organizationId, ...squadOf(budget), ...next, setAt: command.now },
  };
  return [event];
}

function exhausted(
  state: Extract<BudgetState, { status: 'set' }>,
  periodStart: string,
  reason: BudgetExhausted['data']['reason'],
  spent: { usd: number; tokens: number },
  now: string,
): BudgetExhausted {
  const { budget } = state;
  return {
    type: 'BudgetExhausted',
    data: {
      organizationId: state.organizationId,
      budgetId: budget.budgetId,
      ...squadOf(budget),
      periodStart,
      mode: budget.mode,
      reason,
      spentUsd: spent.usd,
      spentTokens: spent.tokens,
      exhaustedAt: now,
    },
  };
}

function recordSpend(command: RecordBudgetSpend, state: BudgetState): BudgetEvent[] {
  // Spend recorded for a budget that is gone or never was: nothing to announce.
  if (state.status !== 'set') return [];
  const { budget } = state;
  const announced = announcementsOf(state, command.periodStart);
  const before = usedFraction(budget, command.before);
  const after = usedFraction(budget, command.after);
  const events: BudgetEvent[] = crossedThresholds(budget.thresholds, before, after)
    .filter((threshold) => !announced.reached.includes(threshold))
    .map((threshold) => ({
      type: 'BudgetThresholdReached',
      data: {
        organizationId: state.organizationId,
        budgetId: budget.budgetId,
        ...squadOf(budget),
        periodStart: command.periodStart,
        threshold,
        spentUsd: command.after.usd,
        spentTokens: command.after.tokens,
        reachedAt: command.now,
      },
    }));
  if (after >= 1 && !announced.exhausted) events.push(exhausted(state, command.periodStart, 'limit_reached', command.after, command.now));
  return events;
}

function recordRefusal(command: RecordRefusedCall, state: BudgetState): BudgetEvent[] {
  if (state.status !== 'set' || announcementsOf(state, command.periodStart).exhausted) return [];
  return [exhausted(state, command.periodStart, 'call_refused', command.spent, command.now)];
}

/** A budget: its definition, and the thresholds and exhaustion it announced in the current period. */
export const budgetDecider: Decider<BudgetState, BudgetCommand, BudgetEvent> = {
  initialState: initialBudgetState,
  evolve: evolveBudget,
  decide(command, state) {
    switch (command.type) {
      case 'SetBudget':
        return setBudget(command, state);
      case 'RecordBudgetSpend':
        return recordSpend(command, state);
      case 'RecordRefusedCall':
        return recordRefusal(command, state);
    }
  },
};
