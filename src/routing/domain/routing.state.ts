import type { RoutingEvent } from './routing.events.js';
import type { RoutingRule, RoutingScope } from './routing-rule.js';

export interface RoutingState {
  scope: RoutingScope | null;
  /** Rules by id, in creation order. Deleted rules are gone. */
  rules: ReadonlyMap<string, RoutingRule>;
}

export function initialRoutingState(): RoutingState {
  return { scope: null, rules: new Map() };
}

function withRule(state: RoutingState, rule: RoutingRule): RoutingState {
  return { ...state, rules: new Map(state.rules).set(rule.id, rule) };
}

function setActive(state: RoutingState, ruleId: string, active: boolean): RoutingState {
  const rule = state.rules.get(ruleId);
  return rule ? withRule(state, { ...rule, active }) : state;
}

export function evolveRouting(state: RoutingState, event: RoutingEvent): RoutingState {
  const scoped = state.scope ? state : { ...state, scope: event.data.scope };
  switch (event.type) {
    case 'RoutingRuleCreated':
    case 'RoutingRuleUpdated':
      return withRule(scoped, event.data.rule);
    case 'RoutingRuleActivated':
      return setActive(scoped, event.data.ruleId, true);
    case 'RoutingRuleDeactivated':
      return setActive(scoped, event.data.ruleId, false);
    case 'RoutingRuleDeleted': {
      const rules = new Map(scoped.rules);
      rules.delete(event.data.ruleId);
      return { ...scoped, rules };
    }
    case 'RoutingTemplateApplied':
      return scoped;
  }
}
