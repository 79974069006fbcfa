import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { BudgetCommand, RecordBudgetSpend, RecordRefusedCall, SetBudget } from './budget.commands.js';
import { budgetDecider } from './budget.decider.js';
import { InvalidBudgetError } from './budget.errors.js';
import type { BudgetEvent, BudgetExhausted, BudgetSet, BudgetThresholdReached } from './budget.events.js';
import { crossedThresholds, usedFraction } from './budget-limits.js';
import { periodEnd, periodStart, projectedSpend } from './budget-period.js';
import { type BudgetDefinition, budgetIdOf } from './budget.types.js';

const spec = deciderSpec(budgetDecider);
const org = 'org-1';
const now = '2026-12-02T10:00:00.000Z';
const june = '2026-12-01T00:00:00.000Z';
const july = '2027-01-01T00:00:00.000Z';
const squadBudget: BudgetDefinition = {
  budgetId: budgetIdOf('squad', 'sq-1', 'month'),
  scope: 'squad',
  scopeId: 'sq-1',
  period: 'month',
  limitUsd: 10,
  limitTokens: null,
  mode: 'block',
  thresholds: [0.5, 0.8, 1],
};
const set = (budget: Partial<BudgetDefinition> = {}): SetBudget => ({
  type: 'SetBudget',
  organizationId: org,
  budget: { ...squadBudget, ...budget },
  now,
});
const wasSet = (budget: Partial<BudgetDefinition> = {}): BudgetSet => ({
  type: 'BudgetSet',
  data: { organizationId: org, squadId: 'sq-1', ...squadBudget, ...budget, setAt: now },
});
const spend = (beforeUsd: number, afterUsd: number, periodStart = june): RecordBudgetSpend => ({
  type: 'RecordBudgetSpend',
  periodStart,
  before: { usd: beforeUsd, tokens: 0 },
  after: { usd: afterUsd, tokens: 0 },
  now,
});
const refused = (periodStart = june): RecordRefusedCall => ({
  type: 'RecordRefusedCall',
  periodStart,
  spent: { usd: 9.9, tokens: 0 },
  now,
});
const reached = (threshold: number, spentUsd: number, periodStart = june): BudgetThresholdReached => ({
  type: 'BudgetThresholdReached',
  data: {
    organizationId: org,
    budgetId: squadBudget.budgetId,
    squadId: 'sq-1',
    periodStart,
    threshold,
    spentUsd,
    spentTokens: 0,
    reachedAt: now,
  },
});
const exhausted = (reason: 'limit_reached' | 'call_refused', spentUsd: number, periodStart = june): BudgetExhausted => ({
  type: 'BudgetExhausted',
  data: {
    organizationId: org,
    budgetId: squadBudget.budgetId,
    squadId: 'sq-1',
    periodStart,
    mode: 'block',
    reason,
    spentUsd,
    spentTokens: 0,
    exhaustedAt: now,
  },
});

const histories: Record<string, BudgetEvent[]> = {
  unset: [],
  set: [wasSet()],
  warned: [wasSet(), reached(0.5, 6)],
  exhausted: [wasSet(), reached(0.5, 6), reached(0.8, 8), reached(1, 10), exhausted('limit_reached', 10)],
};

describe('budget decider', () => {
  describe('SetBudget', () => {
    it('sets a budget, thresholds ascending, with the squad for its room', () => {
      spec
        .given([])
        .when(set({ thresholds: [1, 0.5, 0.8] }))
        .then([wasSet()]);
    });

    it('changes a budget that was set, and says nothing when nothing changes', () => {
      spec
        .given(histories.set)
        .when(set({ limitUsd: 20 }))
        .then([wasSet({ limitUsd: 20 })]);
      spec.given(histories.set).when(set()).thenNothingHappened();
    });

    it('sets an organization budget without a squad', () => {
      const budget = { budgetId: 'organization:day', scope: 'organization' as const, scopeId: null, period: 'day' as const };
      spec
        .given([])
        .when(set(budget))
        .then([{ type: 'BudgetSet', data: { organizationId: org, ...squadBudget, ...budget, setAt: now } }]);
    });

    it.each<[string, Partial<BudgetDefinition>]>([
      ['no limit at all', { limitUsd: null, limitTokens: null }],
      ['a zero dollar limit', { limitUsd: 0 }],
      ['a negative token limit', { limitTokens: -5 }],
      ['a fractional token limit', { limitTokens: 1.5 }],
      ['a threshold above 1', { thresholds: [0.8, 1.2] }],
      ['a threshold of 0', { thresholds: [0] }],
      ['repeated thresholds', { thresholds: [0.8, 0.8] }],
      ['eleven thresholds', { thresholds: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] }],
      ['a squad budget without its squad', { scopeId: null }],
      ['an organization budget naming a squad', { scope: 'organization', budgetId: 'organization:month' }],
      ['an id that is not its scope and period', { budgetId: 'squad:sq-2:month' }],
    ])('refuses %s, in every state', (_name, budget) => {
      for (const history of Object.values(histories)) spec.given(history).when(set(budget)).thenThrows(InvalidBudgetError);
    });
  });

  describe('RecordBudgetSpend', () => {
    it('announces each threshold a spend passes, once', () => {
      spec
        .given(histories.set)
        .when(spend(4, 8.5))
        .then([reached(0.5, 8.5), reached(0.8, 8.5)]);
      spec.given(histories.warned).when(spend(5, 7)).thenNothingHappened();
      spec
        .given(histories.warned)
        .when(spend(7, 8))
        .then([reached(0.8, 8)]);
    });

    it('announces the exhaustion when the spend reaches the limit', () => {
      spec
        .given(histories.warned)
        .when(spend(7.9, 10.2))
        .then([reached(0.8, 10.2), reached(1, 10.2), exhausted('limit_reached', 10.2)]);
    });

    it('counts tokens when the limit is in tokens', () => {
      spec
        .given([wasSet({ limitUsd: null, limitTokens: 1000, thresholds: [0.9] })])
        .when({ ...spend(0, 0), before: { usd: 0, tokens: 850 }, after: { usd: 0, tokens: 950 } })
        .then([{ ...reached(0.9, 0), data: { ...reached(0.9, 0).data, spentTokens: 950 } }]);
    });

    it('starts over in a new period', () => {
      spec
        .given(histories.exhausted)
        .when(spend(4, 6, july))
        .then([reached(0.5, 6, july)]);
    });

    it('announces again after the limit changed', () => {
      spec
        .given([...histories.warned, wasSet({ limitUsd: 20 })])
        .when(spend(9, 11))
        .then([reached(0.5, 11)]);
    });

    it.each(Object.keys(histories))('is quiet below every threshold in state %s', (state) => {
      spec
        .given(histories[state])
        .when(spend(0, 1, july))
        .thenNothingHappened();
    });

    it('ignores spend for a budget that was never set', () => {
      spec.given([]).when(spend(0, 100)).thenNothingHappened();
    });
  });

  describe('RecordRefusedCall', () => {
    it('announces the exhaustion once per period', () => {
      spec
        .given(histories.warned)
        .when(refused())
        .then([exhausted('call_refused', 9.9)]);
      spec
        .given([...histories.warned, exhausted('call_refused', 9.9)])
        .when(refused())
        .thenNothingHappened();
      spec.given(histories.exhausted).when(refused()).thenNothingHappened();
      spec
        .given(histories.exhausted)
        .when(refused(july))
        .then([exhausted('call_refused', 9.9, july)]);
    });

    it('ignores a refusal for a budget that was never set', () => {
      spec.given([]).when(refused()).thenNothingHappened();
    });
  });

  it('decides every command in every state without throwing, but for invalid budgets', () => {
    const commands: BudgetCommand[] = [set(), set({ limitUsd: 3 }), spend(0, 20), refused()];
    for (const history of Object.values(histories))
      for (const command of commands)
        expect(() => budgetDecider.decide(command, history.reduce(budgetDecider.evolve, budgetDecider.initialState()))).not.toThrow();
  });
});

describe('budget limits and periods', () => {
  it('uses the larger of the dollar and token fractions', () => {
    expect(usedFraction({ limitUsd: 10, limitTokens: 1000 }, { usd: 2, tokens: 500 })).toBe(0.5);
    expect(usedFraction({ limitUsd: 10, limitTokens: null }, { usd: 2, tokens: 5000 })).toBe(0.2);
  });

  it('passes thresholds in (before, after]', () => {
    expect(crossedThresholds([0.5, 0.8, 1], 0.5, 0.8)).toEqual([0.8]);
    expect(crossedThresholds([0.5, 0.8, 1], 0.1, 0.2)).toEqual([]);
  });

  it('counts days and months in UTC', () => {
    const at = Date.parse('2026-12-31T23:30:00+00:00');
    expect(periodStart('day', at).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(periodEnd('day', at).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(periodStart('month', at).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(periodEnd('month', at).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('projects the spend linearly, over at least an hour', () => {
    expect(projectedSpend(5, 'day', Date.parse('2026-12-02T12:00:00Z'))).toBe(10);
    expect(projectedSpend(1, 'day', Date.parse('2026-12-02T00:01:00Z'))).toBe(24);
  });
});
