import { templateRulesAsRoutingRules } from '../domain/template-rule.js';
import { validateRouting } from '../domain/routing-validation.js';
import { resolveChain } from '../domain/chain-resolver.js';
import { routingDecider } from '../domain/routing.decider.js';
import { fold } from '../../platform/decider/decider.js';
import { loadBuiltinTemplates } from './builtin-templates.js';
import { TemplateFileError, parseTemplateYaml } from './template-yaml.js';

const templates = loadBuiltinTemplates();

/** One member per role the template mentions, as a squad built for the template would have. */
function squadFor(roles: Iterable<string>) {
  return [...new Set(roles)].map((role) => ({ id: `m-${role}`, role }));
}

describe('shipped routing templates', () => {
  it('ships the three templates', () => {
    expect(templates.map((template) => template.name)).toEqual(['AI/ML Team', 'DevOps Team', 'Standard Software Team']);
  });

  it.each(templates.map((template) => [template.name, template] as const))(
    '%s, applied to a squad with matching members, validates clean',
    (_name, template) => {
      const scope = { kind: 'squad', organizationId: 'org-1', squadId: 'sq-1' } as const;
      const newRuleIds = template.rules.map((_rule, index) => `r${index}`);
      const events = routingDecider.decide(
        { type: 'ApplyRoutingTemplate', scope, template, mode: 'replace', newRuleIds },
        routingDecider.initialState(),
      );
      const rules = [...fold(routingDecider, events).rules.values()];
      expect(rules).toHaveLength(template.rules.length);
      const members = squadFor(template.rules.flatMap((rule) => [rule.askerRole, rule.responderRole]));
      expect(validateRouting(rules, members, { maxLevel: 3 })).toEqual({ valid: true, issues: [] });
    },
  );

  it('Standard Software Team sends a backend developer’s architecture question to the architect first', () => {
    const template = templates.find((candidate) => candidate.id === 'builtin:standard-software-team');
    const chain = resolveChain({
      squadRules: templateRulesAsRoutingRules('t', template?.rules ?? []),
      orgRules: [],
      templateRules: [],
      members: squadFor(['tech_lead', 'solution_architect', 'project_manager']),
      askerRole: 'backend_developer',
      questionType: 'architecture',
    });
    expect(chain.levels.map((level) => level.responders.map((member) => member.role))).toEqual([
      ['solution_architect'],
      ['tech_lead'],
      ['project_manager'],
    ]);
  });
});

describe('template files', () => {
  it('turns a chain into one rule per level', () => {
    const template = parseTemplateYaml('id: x\nname: X\nchains:\n  - askerRole: a_role\n    chain: [b_role, c_role]\n', 'x.yaml');
    expect(template.rules).toEqual([
      { askerRole: 'a_role', questionType: 'default', level: 0, responderRole: 'b_role', priority: 0 },
      { askerRole: 'a_role', questionType: 'default', level: 1, responderRole: 'c_role', priority: 0 },
    ]);
    expect(template.id).toBe('builtin:x');
  });

  it.each([
    ['id: x\nname: X\nchains: []\n', 'chains must be a non-empty list'],
    ['id: x\nname: X\ncolour: red\nchains: [{ askerRole: a, chain: [b] }]\n', 'unknown field "colour"'],
    ['id: x\nname: X\nchains: [{ askerRole: a, chain: [] }]\n', 'chain must be a non-empty list'],
    ['id: x\nname: X\nchains: [{ askerRole: Big Boss, chain: [b] }]\n', 'snake_case'],
    ['name: X\nchains: [{ askerRole: a, chain: [b] }]\n', 'id: expected a non-empty string'],
  ])('refuses a malformed file (%#)', (source, message) => {
    expect(() => parseTemplateYaml(source, 'bad.yaml')).toThrow(TemplateFileError);
    expect(() => parseTemplateYaml(source, 'bad.yaml')).toThrow(message);
  });
});
