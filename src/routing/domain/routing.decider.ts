import type { Decider } from '../../platform/decider/decider.js';
import type { ApplyRoutingTemplate, CreateRoutingRules, RoutingCommand, UpdateRoutingRule } from './routing.commands.js';
import {
  DuplicateRoutingRuleError,
  InvalidRoutingRuleError,
  RoutingRuleIdTakenError,
  RoutingRuleLimitError,
  RoutingRuleNotFoundError,
} from './routing.errors.js';
import type { RoutingEvent } from './routing.events.js';
import { type RoutingState, evolveRouting, initialRoutingState } from './routing.state.js';
import { type RoutingRule, type RoutingScope, responderKey, ruleSpecProblem, sameScope, slotKey } from './routing-rule.js';
import { templateRuleProblem } from './template-rule.js';

/** Enough for any real team; a bound keeps every fold and every resolution cheap. */
export const MAX_RULES_PER_SCOPE = 2000;

function duplicateKey(rule: RoutingRule): string {
  return `${slotKey(rule)}|${responderKey(rule.responder)}`;
}

function requireRule(state: RoutingState, ruleId: string): RoutingRule {
  const rule = state.rules.get(ruleId);
  if (!rule) throw new RoutingRuleNotFoundError(ruleId);
  return rule;
}

function checkScope(state: RoutingState, scope: RoutingScope): void {
  // The stream id is derived from the scope, so a mismatch is a caller bug, not a user error.
  if (state.scope && !sameScope(state.scope, scope)) throw new Error('routing command addressed to the wrong scope');
}

/** Refuses malformed rules, reused ids and exact repeats, against existing rules and within the batch. */
function checkNewRules(state: RoutingState, scope: RoutingScope, rules: readonly RoutingRule[]): void {
  if (state.rules.size + rules.length > MAX_RULES_PER_SCOPE) throw new RoutingRuleLimitError(MAX_RULES_PER_SCOPE);
  const ids = new Set(state.rules.keys());
  const seen = new Map([...state.rules.values()].map((rule) => [duplicateKey(rule), rule.id]));
  for (const rule of rules) {
    if (rule.id.length === 0) throw new InvalidRoutingRuleError('a rule needs an id');
    const problem = ruleSpecProblem(rule, scope.kind);
    if (problem) throw new InvalidRoutingRuleError(problem, rule.id);
    if (ids.has(rule.id)) throw new RoutingRuleIdTakenError(rule.id);
    const existing = seen.get(duplicateKey(rule));
    if (existing) throw new DuplicateRoutingRuleError(rule.id, existing);
    ids.add(rule.id);
    seen.set(duplicateKey(rule), rule.id);
  }
}

function createRules(state: RoutingState, command: CreateRoutingRules): RoutingEvent[] {
  if (command.rules.length === 0) throw new InvalidRoutingRuleError('a bulk create needs at least one rule');
  checkNewRules(state, command.scope, command.rules);
  return command.rules.map((rule) => ({ type: 'RoutingRuleCreated', data: { scope: command.scope, rule } }));
}

function updateRule(state: RoutingState, command: UpdateRoutingRule): RoutingEvent[] {
  const current = requireRule(state, command.ruleId);
  const next: RoutingRule = { ...current, ...command.changes, id: current.id };
  const changed = (['askerRole', 'questionType', 'level', 'responder', 'priority', 'active'] as const).filter((field) =>
    field === 'responder' ? responderKey(current.responder) !== responderKey(next.responder) : current[field] !== next[field],
  );
  if (changed.length === 0) return [];
  const problem = ruleSpecProblem(next, command.scope.kind);
  if (problem) throw new InvalidRoutingRuleError(problem, next.id);
  const repeated = [...state.rules.values()].find((rule) => rule.id !== next.id && duplicateKey(rule) === duplicateKey(next));
  if (repeated) throw new DuplicateRoutingRuleError(next.id, repeated.id);
  return [{ type: 'RoutingRuleUpdated', data: { scope: command.scope, rule: next, changed } }];
}

function applyTemplate(state: RoutingState, command: ApplyRoutingTemplate): RoutingEvent[] {
  const { template, scope, mode } = command;
  if (command.newRuleIds.length !== template.rules.length) throw new Error('ApplyRoutingTemplate needs one new rule id per template rule');
  for (const rule of template.rules) {
    const problem = templateRuleProblem(rule);
    if (problem) throw new InvalidRoutingRuleError(`template ${template.id}: ${problem}`);
  }
  const kept = mode === 'replace' ? [] : [...state.rules.values()];
  const occupied = new Set(kept.map(slotKey));
  const created: RoutingRule[] = [];
  template.rules.forEach((rule, index) => {
    if (occupied.has(slotKey(rule))) return;
    occupied.add(slotKey(rule));
    created.push({
      id: command.newRuleIds[index],
      askerRole: rule.askerRole,
      questionType: rule.questionType,
      level: rule.level,
      responder: { kind: 'role', role: rule.responderRole },
      priority: rule.priority,
      active: true,
    });
  });
  const deletedRuleIds = mode === 'replace' ? [...state.rules.keys()] : [];
  checkNewRules(mode === 'replace' ? initialRoutingState() : state, scope, created);
  return [
    {
      type: 'RoutingTemplateApplied',
      data: {
        scope,
        templateId: template.id,
        templateName: template.name,
        mode,
        createdRuleIds: created.map((rule) => rule.id),
        deletedRuleIds,
        skipped: template.rules.length - created.length,
      },
    },
    ...deletedRuleIds.map((ruleId): RoutingEvent => ({ type: 'RoutingRuleDeleted', data: { scope, ruleId } })),
    ...created.map((rule): RoutingEvent => ({ type: 'RoutingRuleCreated', data: { scope, rule } })),
  ];
}

export function decideRouting(command: RoutingCommand, state: RoutingState): RoutingEvent[] {
  checkScope(state, command.scope);
  switch (command.type) {
    case 'CreateRoutingRule':
      return createRules(state, { type: 'CreateRoutingRules', scope: command.scope, rules: [command.rule] });
    case 'CreateRoutingRules':
      return createRules(state, command);
    case 'UpdateRoutingRule':
      return updateRule(state, command);
    case 'ActivateRoutingRule':
      return requireRule(state, command.ruleId).active
        ? []
        : [{ type: 'RoutingRuleActivated', data: { scope: command.scope, ruleId: command.ruleId } }];
    case 'DeactivateRoutingRule':
      return requireRule(state, command.ruleId).active
        ? [{ type: 'RoutingRuleDeactivated', data: { scope: command.scope, ruleId: command.ruleId } }]
        : [];
    case 'DeleteRoutingRule':
      requireRule(state, command.ruleId);
      return [{ type: 'RoutingRuleDeleted', data: { scope: command.scope, ruleId: command.ruleId } }];
    case 'ApplyRoutingTemplate':
      return applyTemplate(state, command);
  }
}

export const routingDecider: Decider<RoutingState, RoutingCommand, RoutingEvent> = {
  initialState: initialRoutingState,
  evolve: evolveRouting,
  decide: decideRouting,
};
