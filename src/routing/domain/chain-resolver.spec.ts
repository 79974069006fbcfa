import { resolveChain } from './chain-resolver.js';
import type { ChainMember, DecidingFactor, ResolveChainInput, RuleSource } from './chain.types.js';
import type { RoutingRule } from './routing-rule.js';

function rule(id: string, fields: Partial<RoutingRule> & { to?: string }): RoutingRule {
  const { to = 'tech_lead', ...rest } = fields;
  return {
    id,
    askerRole: 'backend_developer',
    questionType: 'default',
    level: 0,
    responder: { kind: 'role', role: to },
    priority: 0,
    active: true,
    ...rest,
  };
}

const members: ChainMember[] = [
  { id: 'm-backend', role: 'backend_developer' },
  { id: 'm-lead', role: 'tech_lead', name: 'Lee' },
  { id: 'm-lead-2', role: 'tech_lead' },
  { id: 'm-architect', role: 'solution_architect' },
  { id: 'm-pm', role: 'project_manager' },
];

function resolve(input: Partial<ResolveChainInput>) {
  return resolveChain({
    squadRules: [],
    orgRules: [],
    templateRules: [],
    members,
    askerRole: 'backend_developer',
    questionType: 'implementation',
    ...input,
  });
}

interface Case {
  name: string;
  input: Partial<ResolveChainInput>;
  winner: string;
  source: RuleSource;
  decidedBy: DecidingFactor | 'only_candidate';
}

/** One level-0 slot, many rivals: each row isolates one precedence rule. */
const precedence: Case[] = [
  { name: 'a lone squad rule', input: { squadRules: [rule('s', {})] }, winner: 's', source: 'squad', decidedBy: 'only_candidate' },
  {
    name: 'a lone organization rule',
    input: { orgRules: [rule('o', {})] },
    winner: 'o',
    source: 'organization',
    decidedBy: 'only_candidate',
  },
  { name: 'a lone template rule', input: { templateRules: [rule('t', {})] }, winner: 't', source: 'template', decidedBy: 'only_candidate' },
  {
    name: 'squad over organization',
    input: { squadRules: [rule('s', {})], orgRules: [rule('o', {})] },
    winner: 's',
    source: 'squad',
    decidedBy: 'scope',
  },
  {
    name: 'squad over template',
    input: { squadRules: [rule('s', {})], templateRules: [rule('t', {})] },
    winner: 's',
    source: 'squad',
    decidedBy: 'scope',
  },
  {
    name: 'organization over template',
    input: { orgRules: [rule('o', {})], templateRules: [rule('t', {})] },
    winner: 'o',
    source: 'organization',
    decidedBy: 'scope',
  },
  {
    name: 'squad over organization and template together',
    input: { squadRules: [rule('s', {})], orgRules: [rule('o', {})], templateRules: [rule('t', {})] },
    winner: 's',
    source: 'squad',
    decidedBy: 'scope',
  },
  {
    name: 'scope beats priority: a low-priority squad rule over a high-priority organization rule',
    input: { squadRules: [rule('s', { priority: -5 })], orgRules: [rule('o', { priority: 100 })] },
    winner: 's',
    source: 'squad',
    decidedBy: 'scope',
  },
  {
    name: 'scope beats question type: a squad default rule over an organization rule for the specific type',
    input: { squadRules: [rule('s', {})], orgRules: [rule('o', { questionType: 'implementation' })] },
    winner: 's',
    source: 'squad',
    decidedBy: 'scope',
  },
  {
    name: 'specific question type over default in the squad',
    input: { squadRules: [rule('s-default', {}), rule('s-impl', { questionType: 'implementation' })] },
    winner: 's-impl',
    source: 'squad',
    decidedBy: 'question_type',
  },
  {
    name: 'specific question type over default in the organization',
    input: { orgRules: [rule('o-default', {}), rule('o-impl', { questionType: 'implementation' })] },
    winner: 'o-impl',
    source: 'organization',
    decidedBy: 'question_type',
  },
  {
    name: 'specific question type over default in the template',
    input: { templateRules: [rule('t-default', {}), rule('t-impl', { questionType: 'implementation' })] },
    winner: 't-impl',
    source: 'template',
    decidedBy: 'question_type',
  },
  {
    name: 'question type beats priority: a low-priority specific rule over a high-priority default one',
    input: { squadRules: [rule('s-default', { priority: 50 }), rule('s-impl', { questionType: 'implementation', priority: 1 })] },
    winner: 's-impl',
    source: 'squad',
    decidedBy: 'question_type',
  },
  {
    name: 'higher priority on a tie of scope and type',
    input: { squadRules: [rule('s-low', { priority: 1 }), rule('s-high', { priority: 7, to: 'solution_architect' })] },
    winner: 's-high',
    source: 'squad',
    decidedBy: 'priority',
  },
  {
    name: 'higher priority among specific rules',
    input: {
      orgRules: [
        rule('o-a', { questionType: 'implementation', priority: 3 }),
        rule('o-b', { questionType: 'implementation', priority: 4, to: 'project_manager' }),
      ],
    },
    winner: 'o-b',
    source: 'organization',
    decidedBy: 'priority',
  },
  {
    name: 'negative priorities compare as numbers',
    input: { squadRules: [rule('s-a', { priority: -10 }), rule('s-b', { priority: -2, to: 'project_manager' })] },
    winner: 's-b',
    source: 'squad',
    decidedBy: 'priority',
  },
  {
    name: 'a full tie falls to the lower rule id',
    input: { squadRules: [rule('s-b', { priority: 2 }), rule('s-a', { priority: 2, to: 'project_manager' })] },
    winner: 's-a',
    source: 'squad',
    decidedBy: 'rule_id',
  },
  {
    name: 'an inactive squad rule leaves the organization rule in charge',
    input: { squadRules: [rule('s', { active: false })], orgRules: [rule('o', {})] },
    winner: 'o',
    source: 'organization',
    decidedBy: 'only_candidate',
  },
  {
    name: 'an inactive specific rule leaves the default rule in charge',
    input: { squadRules: [rule('s-default', {}), rule('s-impl', { questionType: 'implementation', active: false })] },
    winner: 's-default',
    source: 'squad',
    decidedBy: 'only_candidate',
  },
  {
    name: 'an inactive high-priority rule does not compete',
    input: { squadRules: [rule('s-low', { priority: 1 }), rule('s-high', { priority: 9, active: false, to: 'project_manager' })] },
    winner: 's-low',
    source: 'squad',
    decidedBy: 'only_candidate',
  },
  {
    name: 'a rule for another question type is not a candidate',
    input: { squadRules: [rule('s-other', { questionType: 'architecture' })], orgRules: [rule('o', {})] },
    winner: 'o',
    source: 'organization',
    decidedBy: 'only_candidate',
  },
  {
    name: 'a rule for another asker role is not a candidate',
    input: { squadRules: [rule('s-other', { askerRole: 'frontend_developer' })], templateRules: [rule('t', {})] },
    winner: 't',
    source: 'template',
    decidedBy: 'only_candidate',
  },
];

describe('resolveChain precedence', () => {
  it.each(precedence)('$name', ({ input, winner, source, decidedBy }) => {
    const chain = resolve(input);
    expect(chain.levels).toHaveLength(1);
    const [level] = chain.levels;
    expect(level.rule.id).toBe(winner);
    expect(level.rule.source).toBe(source);
    expect(level.why.source).toBe(source);
    expect(level.why.decidedBy).toBe(decidedBy);
    expect(level.why.summary).toContain(`rule ${winner}`);
  });
});

describe('resolveChain chains', () => {
  it('orders levels ascending and resolves each level on its own', () => {
    const chain = resolve({
      squadRules: [rule('s0', { questionType: 'implementation' }), rule('s2', { level: 2, to: 'project_manager' })],
      orgRules: [rule('o0', {}), rule('o1', { level: 1, to: 'solution_architect' }), rule('o2', { level: 2, to: 'solution_architect' })],
    });
    expect(chain.levels.map((level) => [level.level, level.rule.id])).toEqual([
      [0, 's0'],
      [1, 'o1'],
      [2, 's2'],
    ]);
  });

  it('finds every member holding the responder role, or the one named member', () => {
    const chain = resolve({
      squadRules: [rule('s0', {}), rule('s1', { level: 1, responder: { kind: 'member', memberId: 'm-architect' } })],
    });
    expect(chain.levels[0].responders.map((member) => member.id)).toEqual(['m-lead', 'm-lead-2']);
    expect(chain.levels[1].responders.map((member) => member.id)).toEqual(['m-architect']);
  });

  it('keeps a level whose responder nobody is, with no responders and a summary that says so', () => {
    const chain = resolve({ squadRules: [rule('s0', { to: 'security_officer' })] });
    expect(chain.levels[0].responders).toEqual([]);
    expect(chain.levels[0].why.summary).toContain('nobody in the squad');
  });

  it('names a member who left the squad as nobody', () => {
    const chain = resolve({ squadRules: [rule('s0', { responder: { kind: 'member', memberId: 'gone' } })] });
    expect(chain.levels[0].responders).toEqual([]);
  });

  it('for the default question type, uses only default rules', () => {
    const chain = resolve({
      questionType: 'default',
      squadRules: [rule('s-impl', { questionType: 'implementation' })],
      orgRules: [rule('o', {})],
    });
    expect(chain.levels.map((level) => level.rule.id)).toEqual(['o']);
    expect(chain.levels[0].why.questionTypeMatch).toBe('default');
  });

  it('for an unknown question type, falls back to default rules', () => {
    const chain = resolve({ questionType: 'legal', squadRules: [rule('s', {})] });
    expect(chain.levels[0].rule.id).toBe('s');
    expect(chain.levels[0].why.questionTypeMatch).toBe('default');
  });

  it('marks a specific match', () => {
    const chain = resolve({ squadRules: [rule('s', { questionType: 'implementation' })] });
    expect(chain.levels[0].why.questionTypeMatch).toBe('specific');
  });

  it('omits a level whose rules are all inactive', () => {
    const chain = resolve({ squadRules: [rule('s0', {}), rule('s1', { level: 1, active: false })] });
    expect(chain.levels.map((level) => level.level)).toEqual([0]);
  });

  it('lists the inactive rules it skipped at a level', () => {
    const chain = resolve({
      squadRules: [rule('s0', {}), rule('s0-off', { active: false, to: 'project_manager' })],
      orgRules: [rule('o0-off', { active: false })],
    });
    expect(chain.levels[0].why.ignoredInactive).toEqual([
      { ruleId: 's0-off', source: 'squad' },
      { ruleId: 'o0-off', source: 'organization' },
    ]);
  });

  it('lists every outranked rule with what it lost on, best first', () => {
    const chain = resolve({
      squadRules: [
        rule('s-impl', { questionType: 'implementation', priority: 1 }),
        rule('s-impl-low', { questionType: 'implementation', to: 'project_manager' }),
        rule('s-default', { to: 'solution_architect' }),
      ],
      orgRules: [rule('o', {})],
      templateRules: [rule('t', {})],
    });
    expect(chain.levels[0].why.outranked).toEqual([
      { ruleId: 's-impl-low', source: 'squad', questionType: 'implementation', priority: 0, lostOn: 'priority' },
      { ruleId: 's-default', source: 'squad', questionType: 'default', priority: 0, lostOn: 'question_type' },
      { ruleId: 'o', source: 'organization', questionType: 'default', priority: 0, lostOn: 'scope' },
      { ruleId: 't', source: 'template', questionType: 'default', priority: 0, lostOn: 'scope' },
    ]);
    expect(chain.levels[0].why.decidedBy).toBe('priority');
  });

  it('explains each deciding factor in its summary', () => {
    const scope = resolve({ squadRules: [rule('s', {})], orgRules: [rule('o', {})] }).levels[0].why.summary;
    const type = resolve({ squadRules: [rule('a', {}), rule('b', { questionType: 'implementation' })] }).levels[0].why.summary;
    const priority = resolve({ squadRules: [rule('a', { priority: 2 }), rule('b', { priority: 1, to: 'x_role' })] }).levels[0].why.summary;
    const tie = resolve({ squadRules: [rule('a', {}), rule('b', { to: 'x_role' })] }).levels[0].why.summary;
    expect(scope).toContain('squad rules take precedence over organization rules');
    expect(type).toContain('question type "implementation" takes precedence over a "default" rule');
    expect(priority).toContain('priority 2 is higher than 1');
    expect(tie).toContain('ties with rule b');
    expect(resolve({ squadRules: [rule('a', {})] }).levels[0].why.summary).toContain('only active rule');
  });

  it('leaves levels above the maximum out and reports them', () => {
    const chain = resolve({ maxLevel: 1, squadRules: [rule('s0', {}), rule('s1', { level: 1 }), rule('s3', { level: 3 })] });
    expect(chain.levels.map((level) => level.level)).toEqual([0, 1]);
    expect(chain.beyondMaxLevel).toEqual([3]);
  });

  it('returns an empty chain when nothing matches', () => {
    expect(resolve({ orgRules: [rule('o', { askerRole: 'qa_engineer' })] }).levels).toEqual([]);
  });

  it('does not depend on the order rules are given in', () => {
    const rules = [
      rule('a', { priority: 1 }),
      rule('b', { priority: 3, to: 'x_role' }),
      rule('c', { questionType: 'implementation', to: 'y_role' }),
    ];
    const forwards = resolve({ squadRules: rules });
    const backwards = resolve({ squadRules: [...rules].reverse() });
    expect(backwards).toEqual(forwards);
    expect(forwards.levels[0].rule.id).toBe('c');
  });
});
