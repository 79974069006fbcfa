import type { ChainMember } from './chain.types.js';
import type { RoutingRule } from './routing-rule.js';
import { type RoutingIssueCode, validateRouting } from './routing-validation.js';

function rule(id: string, askerRole: string, level: number, to: string, extra: Partial<RoutingRule> = {}): RoutingRule {
  return { id, askerRole, questionType: 'default', level, responder: { kind: 'role', role: to }, priority: 0, active: true, ...extra };
}

const members: ChainMember[] = [
  { id: 'm-dev', role: 'backend_developer' },
  { id: 'm-lead', role: 'tech_lead' },
  { id: 'm-arch', role: 'solution_architect' },
];

/** A configuration with nothing wrong: every staffed role has a contiguous, loop-free chain to staffed roles. */
const good: RoutingRule[] = [
  rule('dev-0', 'backend_developer', 0, 'tech_lead'),
  rule('dev-1', 'backend_developer', 1, 'solution_architect'),
  rule('dev-arch-0', 'backend_developer', 0, 'solution_architect', { questionType: 'architecture' }),
  rule('dev-arch-1', 'backend_developer', 1, 'tech_lead', { questionType: 'architecture' }),
  rule('lead-0', 'tech_lead', 0, 'solution_architect'),
  rule('arch-0', 'solution_architect', 0, 'tech_lead'),
];

/** The good configuration without its `architecture` chain, for cases about the default chain alone. */
const defaultsOnly = good.filter((candidate) => candidate.questionType === 'default');

function codes(rules: RoutingRule[], who: ChainMember[] = members, maxLevel?: number): RoutingIssueCode[] {
  return validateRouting(rules, who, { maxLevel }).issues.map((issue) => issue.code);
}

describe('validateRouting', () => {
  it('is quiet on a good configuration', () => {
    expect(validateRouting(good, members, { maxLevel: 3 })).toEqual({ valid: true, issues: [] });
  });

  it('is quiet with inherited organization and template rules filling the chains', () => {
    const squad = [rule('dev-0', 'backend_developer', 0, 'tech_lead')];
    const org = [rule('o-dev-1', 'backend_developer', 1, 'solution_architect'), rule('o-lead-0', 'tech_lead', 0, 'solution_architect')];
    const template = [
      rule('t-arch-0', 'solution_architect', 0, 'tech_lead'),
      rule('t-dev-0', 'backend_developer', 0, 'solution_architect'),
    ];
    expect(validateRouting(squad, members, { orgRules: org, templateRules: template }).issues).toEqual([]);
  });

  it('reports a staffed role with no level-0 rule', () => {
    const rules = good.filter((candidate) => candidate.id !== 'lead-0');
    const result = validateRouting(rules, members);
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'missing_first_contact', severity: 'error', askerRole: 'tech_lead', level: 0 }),
    ]);
  });

  it('reports a level-0 rule that is inactive as missing', () => {
    const rules = good.map((candidate) => (candidate.id === 'arch-0' ? { ...candidate, active: false } : candidate));
    expect(codes(rules)).toEqual(['missing_first_contact']);
  });

  it('does not ask an unstaffed role for a level-0 rule', () => {
    expect(codes(good, [...members, { id: 'm-other', role: 'tech_lead' }])).toEqual([]);
    expect(
      codes(
        good,
        members.filter((member) => member.role !== 'backend_developer'),
      ),
    ).toEqual([]);
  });

  it('reports a responder role nobody in the squad holds', () => {
    const rules = [...good, rule('dev-2', 'backend_developer', 2, 'project_manager')];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({ code: 'unstaffed_responder', severity: 'warning', ruleIds: ['dev-2'], level: 2 }),
    ]);
  });

  it('reports a specific member who is not in the squad', () => {
    const rules = [...good, rule('dev-2', 'backend_developer', 2, 'x', { responder: { kind: 'member', memberId: 'm-gone' } })];
    expect(codes(rules)).toEqual(['unstaffed_responder']);
  });

  it('reports a rule routing a role to itself', () => {
    const rules = [...good, rule('lead-1', 'tech_lead', 1, 'tech_lead')];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({ code: 'self_routing', severity: 'error', ruleIds: ['lead-1'] }),
    ]);
  });

  it('reports a chain that comes back to a responder it already passed (a cycle)', () => {
    const rules = [...defaultsOnly, rule('dev-2', 'backend_developer', 2, 'tech_lead')];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({
        code: 'cycle',
        severity: 'error',
        askerRole: 'backend_developer',
        questionType: 'default',
        level: 2,
        ruleIds: ['dev-0', 'dev-2'],
      }),
    ]);
  });

  it('reports a cycle that only arises from a specific type inheriting default levels', () => {
    const rules = [
      ...good.filter((candidate) => candidate.id !== 'dev-arch-1'),
      rule('dev-arch-0b', 'backend_developer', 0, 'solution_architect', { questionType: 'data' }),
    ];
    const issues = validateRouting(rules, members).issues;
    expect(issues.map((issue) => [issue.code, issue.questionType])).toEqual([
      ['cycle', 'architecture'],
      ['cycle', 'data'],
    ]);
  });

  it('reports a gap between levels', () => {
    const rules = [
      ...defaultsOnly.filter((candidate) => candidate.id !== 'dev-1'),
      rule('dev-2', 'backend_developer', 2, 'solution_architect'),
    ];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({ code: 'level_gap', severity: 'warning', questionType: 'default', level: 2, ruleIds: ['dev-0', 'dev-2'] }),
    ]);
  });

  it('reports a chain of an unstaffed role that starts above level 0 as a gap', () => {
    const rules = [...good, rule('qa-1', 'qa_engineer', 1, 'tech_lead')];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({ code: 'level_gap', askerRole: 'qa_engineer', level: 0 }),
    ]);
  });

  it('reports two active rules tied at the same priority', () => {
    const rules = [...good, rule('lead-0b', 'tech_lead', 0, 'backend_developer')];
    expect(validateRouting(rules, members).issues).toEqual([
      expect.objectContaining({
        code: 'conflicting_rules',
        severity: 'error',
        askerRole: 'tech_lead',
        level: 0,
        ruleIds: ['lead-0', 'lead-0b'],
      }),
    ]);
  });

  it('does not call rules of different priority, or an inactive one, a conflict', () => {
    expect(codes([...good, rule('lead-0b', 'tech_lead', 0, 'backend_developer', { priority: 1 })])).toEqual([]);
    expect(codes([...good, rule('lead-0b', 'tech_lead', 0, 'backend_developer', { active: false })])).toEqual([]);
  });

  it('reports levels above the maximum level as unreachable', () => {
    expect(validateRouting(good, members, { maxLevel: 0 }).issues).toEqual([
      expect.objectContaining({ code: 'unreachable_level', severity: 'warning', questionType: 'architecture', level: 1 }),
      expect.objectContaining({ code: 'unreachable_level', severity: 'warning', questionType: 'default', level: 1 }),
    ]);
  });

  it('reports a rule-level problem once even when several chains inherit the rule', () => {
    const rules = [
      ...good,
      rule('dev-2', 'backend_developer', 2, 'project_manager'),
      rule('dev-data-0', 'backend_developer', 0, 'tech_lead', { questionType: 'data' }),
    ];
    expect(codes(rules).filter((code) => code === 'unstaffed_responder')).toHaveLength(1);
  });

  it('reports an empty configuration for a staffed squad', () => {
    expect(codes([])).toEqual(['missing_first_contact', 'missing_first_contact', 'missing_first_contact']);
  });
});
