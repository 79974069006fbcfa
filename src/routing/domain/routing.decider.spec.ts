import { deciderSpec } from '../../../test/support/decider-spec.js';
import { routingDecider } from './routing.decider.js';
import { DuplicateRoutingRuleError, InvalidRoutingRuleError, RoutingRuleIdTakenError, RoutingRuleNotFoundError } from './routing.errors.js';
import type { RoutingEvent } from './routing.events.js';
import type { RoutingRule, RoutingScope } from './routing-rule.js';

const scope: RoutingScope = { kind: 'squad', organizationId: 'org-1', squadId: 'sq-1' };
const orgScope: RoutingScope = { kind: 'organization', organizationId: 'org-1' };
const spec = deciderSpec(routingDecider);

function rule(id: string, extra: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id,
    askerRole: 'backend_developer',
    questionType: 'default',
    level: 0,
    responder: { kind: 'role', role: 'tech_lead' },
    priority: 0,
    active: true,
    ...extra,
  };
}
const created = (r: RoutingRule, at: RoutingScope = scope): RoutingEvent => ({ type: 'RoutingRuleCreated', data: { scope: at, rule: r } });
const r1 = rule('r1');
const r2 = rule('r2', { level: 1, responder: { kind: 'role', role: 'solution_architect' } });

describe('routing decider: create', () => {
  it('creates a rule', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRule', scope, rule: r1 })
      .then([created(r1)]));
  it('refuses a reused id', () =>
    spec
      .given([created(r1)])
      .when({ type: 'CreateRoutingRule', scope, rule: rule('r1', { level: 3 }) })
      .thenThrows(RoutingRuleIdTakenError));
  it('refuses an exact repeat of a rule', () =>
    spec
      .given([created(r1)])
      .when({ type: 'CreateRoutingRule', scope, rule: rule('r9', { priority: 5 }) })
      .thenThrows(DuplicateRoutingRuleError));
  it.each([
    ['askerRole', { askerRole: 'Backend Dev' }],
    ['questionType', { questionType: '' }],
    ['level', { level: -1 }],
    ['level', { level: 1.5 }],
    ['level', { level: 21 }],
    ['priority', { priority: 0.5 }],
    ['responder role', { responder: { kind: 'role', role: 'x y' } }],
    ['memberId', { responder: { kind: 'member', memberId: '' } }],
  ] as [string, Partial<RoutingRule>][])('refuses a malformed %s', (field, extra) =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRule', scope, rule: rule('r1', extra) })
      .thenThrows(InvalidRoutingRuleError, field === 'responder role' ? 'responder role' : field),
  );
  it('refuses an organization rule that names a member', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRule', scope: orgScope, rule: rule('r1', { responder: { kind: 'member', memberId: 'm1' } }) })
      .thenThrows(InvalidRoutingRuleError, 'organization rules'));
  it('accepts a squad rule that names a member', () => {
    const named = rule('r1', { responder: { kind: 'member', memberId: 'm1' } });
    spec
      .given([])
      .when({ type: 'CreateRoutingRule', scope, rule: named })
      .then([created(named)]);
  });
});

describe('routing decider: bulk create', () => {
  it('creates every rule in one decision', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRules', scope, rules: [r1, r2] })
      .then([created(r1), created(r2)]));
  it('refuses the whole batch when one rule is malformed', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRules', scope, rules: [r1, rule('bad', { level: -2 })] })
      .thenThrows(InvalidRoutingRuleError, 'rule bad'));
  it('refuses the whole batch when two of its rules repeat each other', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRules', scope, rules: [r1, rule('r1b')] })
      .thenThrows(DuplicateRoutingRuleError));
  it('refuses the whole batch when two of its rules share an id', () =>
    spec
      .given([])
      .when({ type: 'CreateRoutingRules', scope, rules: [r1, rule('r1', { level: 2 })] })
      .thenThrows(RoutingRuleIdTakenError));
  it('refuses an empty batch', () =>
    spec.given([]).when({ type: 'CreateRoutingRules', scope, rules: [] }).thenThrows(InvalidRoutingRuleError));
});

describe('routing decider: update', () => {
  it('records the whole rule after the change and what changed', () =>
    spec
      .given([created(r1)])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'r1', changes: { priority: 4, responder: { kind: 'member', memberId: 'm1' } } })
      .then([
        {
          type: 'RoutingRuleUpdated',
          data: { scope, rule: { ...r1, priority: 4, responder: { kind: 'member', memberId: 'm1' } }, changed: ['responder', 'priority'] },
        },
      ]));
  it('does nothing when nothing changes', () =>
    spec
      .given([created(r1)])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'r1', changes: { priority: 0, responder: { kind: 'role', role: 'tech_lead' } } })
      .thenNothingHappened());
  it('refuses an unknown rule', () =>
    spec
      .given([])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'nope', changes: { priority: 1 } })
      .thenThrows(RoutingRuleNotFoundError));
  it('refuses a change that makes it repeat another rule', () =>
    spec
      .given([created(r1), created(r2)])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'r2', changes: { level: 0, responder: { kind: 'role', role: 'tech_lead' } } })
      .thenThrows(DuplicateRoutingRuleError));
  it('refuses a malformed change', () =>
    spec
      .given([created(r1)])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'r1', changes: { level: 99 } })
      .thenThrows(InvalidRoutingRuleError));
  it('cannot change the id', () =>
    spec
      .given([created(r1)])
      .when({ type: 'UpdateRoutingRule', scope, ruleId: 'r1', changes: { id: 'other', priority: 1 } as Partial<RoutingRule> })
      .thenState((state) => expect([...state.rules.keys()]).toEqual(['r1'])));
});

describe('routing decider: activate, deactivate, delete', () => {
  const deactivated: RoutingEvent = { type: 'RoutingRuleDeactivated', data: { scope, ruleId: 'r1' } };
  it('deactivates an active rule', () =>
    spec
      .given([created(r1)])
      .when({ type: 'DeactivateRoutingRule', scope, ruleId: 'r1' })
      .then([deactivated]));
  it('does nothing when deactivating an inactive rule', () =>
    spec
      .given([created(r1), deactivated])
      .when({ type: 'DeactivateRoutingRule', scope, ruleId: 'r1' })
      .thenNothingHappened());
  it('activates an inactive rule', () =>
    spec
      .given([created(r1), deactivated])
      .when({ type: 'ActivateRoutingRule', scope, ruleId: 'r1' })
      .then([{ type: 'RoutingRuleActivated', data: { scope, ruleId: 'r1' } }]));
  it('does nothing when activating an active rule', () =>
    spec
      .given([created(r1)])
      .when({ type: 'ActivateRoutingRule', scope, ruleId: 'r1' })
      .thenNothingHappened());
  it('refuses to activate an unknown rule', () =>
    spec.given([]).when({ type: 'ActivateRoutingRule', scope, ruleId: 'r1' }).thenThrows(RoutingRuleNotFoundError));
  it('deletes a rule', () =>
    spec
      .given([created(r1)])
      .when({ type: 'DeleteRoutingRule', scope, ruleId: 'r1' })
      .then([{ type: 'RoutingRuleDeleted', data: { scope, ruleId: 'r1' } }]));
  it('refuses to delete an unknown rule', () =>
    spec
      .given([created(r1), { type: 'RoutingRuleDeleted', data: { scope, ruleId: 'r1' } }])
      .when({ type: 'DeleteRoutingRule', scope, ruleId: 'r1' })
      .thenThrows(RoutingRuleNotFoundError));
  it('lets a deleted rule be created again under a new id', () =>
    spec
      .given([created(r1), { type: 'RoutingRuleDeleted', data: { scope, ruleId: 'r1' } }])
      .when({ type: 'CreateRoutingRule', scope, rule: rule('r1-again') })
      .then([created(rule('r1-again'))]));
});

describe('routing decider: apply a template', () => {
  const template = {
    id: 'builtin:tiny',
    name: 'Tiny',
    rules: [
      { askerRole: 'backend_developer', questionType: 'default', level: 0, responderRole: 'project_manager', priority: 0 },
      { askerRole: 'backend_developer', questionType: 'default', level: 2, responderRole: 'project_manager', priority: 0 },
    ],
  };
  const fromTemplate = (id: string, level: number) => rule(id, { level, responder: { kind: 'role', role: 'project_manager' } });

  it('replace: deletes every rule and creates the template’s', () =>
    spec
      .given([created(r1), created(r2)])
      .when({ type: 'ApplyRoutingTemplate', scope, template, mode: 'replace', newRuleIds: ['n1', 'n2'] })
      .then([
        {
          type: 'RoutingTemplateApplied',
          data: {
            scope,
            templateId: 'builtin:tiny',
            templateName: 'Tiny',
            mode: 'replace',
            createdRuleIds: ['n1', 'n2'],
            deletedRuleIds: ['r1', 'r2'],
            skipped: 0,
          },
        },
        { type: 'RoutingRuleDeleted', data: { scope, ruleId: 'r1' } },
        { type: 'RoutingRuleDeleted', data: { scope, ruleId: 'r2' } },
        created(fromTemplate('n1', 0)),
        created(fromTemplate('n2', 2)),
      ]));

  it('merge: keeps existing rules and fills only the free slots', () =>
    spec
      .given([created(r1), created(r2)])
      .when({ type: 'ApplyRoutingTemplate', scope, template, mode: 'merge', newRuleIds: ['n1', 'n2'] })
      .then([
        {
          type: 'RoutingTemplateApplied',
          data: {
            scope,
            templateId: 'builtin:tiny',
            templateName: 'Tiny',
            mode: 'merge',
            createdRuleIds: ['n2'],
            deletedRuleIds: [],
            skipped: 1,
          },
        },
        created(fromTemplate('n2', 2)),
      ]));

  it('merge: a slot held by an inactive rule stays held', () =>
    spec
      .given([created(rule('r1', { active: false }))])
      .when({ type: 'ApplyRoutingTemplate', scope, template, mode: 'merge', newRuleIds: ['n1', 'n2'] })
      .thenState((state) => expect([...state.rules.keys()]).toEqual(['r1', 'n2'])));

  it('refuses a template with a malformed rule', () =>
    spec
      .given([])
      .when({
        type: 'ApplyRoutingTemplate',
        scope,
        template: { ...template, rules: [{ ...template.rules[0], level: -1 }] },
        mode: 'merge',
        newRuleIds: ['n1'],
      })
      .thenThrows(InvalidRoutingRuleError));
});
