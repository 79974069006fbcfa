import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { RecordRetentionApplied, SetRetentionRules } from './retention.commands.js';
import { retentionDecider } from './retention.decider.js';
import { InvalidRetentionRuleError } from './retention.errors.js';
import type { RetentionApplied, RetentionRulesSet } from './retention.events.js';
import { cutoffOf, effectiveDays, nextSweepAt } from './retention-schedule.js';

const spec = deciderSpec(retentionDecider);
const by = { kind: 'api_key' as const, id: 'key1' };
const now = '2026-12-03T10:00:00.000Z';
const knownTargets = ['agent_logs', 'docs_cache', 'pipeline_states'];
const set = (rules: SetRetentionRules['rules']): SetRetentionRules => ({
  type: 'SetRetentionRules',
  organizationId: 'org1',
  rules,
  knownTargets,
  by,
  now,
});
const rulesSet = (rules: RetentionRulesSet['data']['rules']): RetentionRulesSet => ({
  type: 'RetentionRulesSet',
  data: { organizationId: 'org1', rules, by, at: now },
});
const outcome = { target: 'agent_logs', days: 90, cutoff: '2026-09-04T10:00:00.000Z', removed: 12 };
const record = (runKey: string, removed = 12): RecordRetentionApplied => ({
  type: 'RecordRetentionApplied',
  organizationId: 'org1',
  runKey,
  outcome: { ...outcome, removed },
  now,
});
const applied = (runKey: string): RetentionApplied => ({
  type: 'RetentionApplied',
  data: { organizationId: 'org1', ...outcome, runKey, at: now },
});

describe('retention rules', () => {
  it('sets the overrides, sorted by target, with who set them', () => {
    spec
      .given([])
      .when(
        set([
          { target: 'pipeline_states', days: 730 },
          { target: 'agent_logs', days: 30 },
        ]),
      )
      .then([
        rulesSet([
          { target: 'agent_logs', days: 30 },
          { target: 'pipeline_states', days: 730 },
        ]),
      ]);
  });

  it('keeps a target forever with days null', () => {
    spec
      .given([])
      .when(set([{ target: 'docs_cache', days: null }]))
      .then([rulesSet([{ target: 'docs_cache', days: null }])]);
  });

  it('records nothing when the same rules are set again, in any order', () => {
    const rules = [
      { target: 'agent_logs', days: 30 },
      { target: 'docs_cache', days: null },
    ];
    spec
      .given([rulesSet(rules)])
      .when(set([...rules].reverse()))
      .thenNothingHappened();
  });

  it('goes back to the defaults with no rules', () => {
    spec
      .given([rulesSet([{ target: 'agent_logs', days: 30 }])])
      .when(set([]))
      .then([rulesSet([])]);
  });

  it.each([
    [[{ target: 'failures', days: 30 }], /not a retention target/],
    [
      [
        { target: 'agent_logs', days: 30 },
        { target: 'agent_logs', days: 60 },
      ],
      /two rules/,
    ],
    [[{ target: 'agent_logs', days: 0 }], /whole number/],
    [[{ target: 'agent_logs', days: 1.5 }], /whole number/],
    [[{ target: 'agent_logs', days: 36_501 }], /whole number/],
  ])('refuses %j', (rules, message) => {
    spec.given([]).when(set(rules)).thenThrows(InvalidRetentionRuleError, message);
  });
});

describe('retention applied', () => {
  it('records what a run removed', () => {
    spec
      .given([])
      .when(record('sweep:2026-12-03'))
      .then([applied('sweep:2026-12-03')]);
  });

  it('records a run once per target, however often it runs', () => {
    spec
      .given([applied('sweep:2026-12-03')])
      .when(record('sweep:2026-12-03'))
      .thenNothingHappened();
  });

  it('records the next run', () => {
    spec
      .given([applied('sweep:2026-12-03')])
      .when(record('sweep:2026-12-04'))
      .then([applied('sweep:2026-12-04')]);
  });

  it('records nothing for a run that removed nothing', () => {
    spec.given([]).when(record('sweep:2026-12-03', 0)).thenNothingHappened();
  });
});

describe('retention schedule', () => {
  it('sweeps next at the hour today when it is still ahead, else tomorrow', () => {
    expect(nextSweepAt(new Date('2026-12-03T02:59:59.000Z'), 3).toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(nextSweepAt(new Date('2026-12-03T03:00:00.000Z'), 3).toISOString()).toBe('2026-12-04T03:00:00.000Z');
    expect(nextSweepAt(new Date('2026-12-31T23:00:00.000Z'), 3).toISOString()).toBe('2027-01-01T03:00:00.000Z');
  });

  it('cuts off whole days before now', () => {
    expect(cutoffOf(new Date(now), 90).toISOString()).toBe('2026-09-04T10:00:00.000Z');
  });

  it('applies the organization’s rule, null included, before the default', () => {
    const rules = [
      { target: 'agent_logs', days: 30 },
      { target: 'docs_cache', days: null },
    ];
    expect(effectiveDays(rules, 'agent_logs', 90)).toBe(30);
    expect(effectiveDays(rules, 'docs_cache', 7)).toBeNull();
    expect(effectiveDays(rules, 'pipeline_states', 365)).toBe(365);
  });
});
