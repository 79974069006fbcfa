import type { RoutingRule, RoutingRuleSpec, RoutingScope } from './routing-rule.js';
import type { TemplateRule } from './template-rule.js';

export interface CreateRoutingRule {
  type: 'CreateRoutingRule';
  scope: RoutingScope;
  rule: RoutingRule;
}

/** All or nothing: one malformed or duplicate rule refuses the whole batch. */
export interface CreateRoutingRules {
  type: 'CreateRoutingRules';
  scope: RoutingScope;
  rules: RoutingRule[];
}

export interface UpdateRoutingRule {
  type: 'UpdateRoutingRule';
  scope: RoutingScope;
  ruleId: string;
  changes: Partial<RoutingRuleSpec>;
}

export interface ActivateRoutingRule {
  type: 'ActivateRoutingRule';
  scope: RoutingScope;
  ruleId: string;
}

export interface DeactivateRoutingRule {
  type: 'DeactivateRoutingRule';
  scope: RoutingScope;
  ruleId: string;
}

export interface DeleteRoutingRule {
  type: 'DeleteRoutingRule';
  scope: RoutingScope;
  ruleId: string;
}

/**
 * replace: the scope's rules become the template's. merge: the template fills only the slots
 * (asker role, question type, level) that no existing rule occupies. `newRuleIds` gives one id per
 * template rule, in order, since the decider makes no ids.
 */
export interface ApplyRoutingTemplate {
  type: 'ApplyRoutingTemplate';
  scope: RoutingScope;
  template: { id: string; name: string; rules: TemplateRule[] };
  mode: 'replace' | 'merge';
  newRuleIds: string[];
}

export type RoutingCommand =
  | CreateRoutingRule
  | CreateRoutingRules
  | UpdateRoutingRule
  | ActivateRoutingRule
  | DeactivateRoutingRule
  | DeleteRoutingRule
  | ApplyRoutingTemplate;
