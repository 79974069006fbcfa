import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { RoutingRule, RoutingScope } from './routing-rule.js';

/** Events of a routing scope's rule set (stream `routing-squad-<id>` or `routing-org-<id>`). Schema version 1. */
export type RoutingRuleCreated = DomainEvent<'RoutingRuleCreated', { scope: RoutingScope; rule: RoutingRule }>;
/** Carries the whole rule after the change, so readers need no earlier event to know it. */
export type RoutingRuleUpdated = DomainEvent<'RoutingRuleUpdated', { scope: RoutingScope; rule: RoutingRule; changed: string[] }>;
export type RoutingRuleActivated = DomainEvent<'RoutingRuleActivated', { scope: RoutingScope; ruleId: string }>;
export type RoutingRuleDeactivated = DomainEvent<'RoutingRuleDeactivated', { scope: RoutingScope; ruleId: string }>;
export type RoutingRuleDeleted = DomainEvent<'RoutingRuleDeleted', { scope: RoutingScope; ruleId: string }>;
/**
 * A template was applied; it is followed in the same append by the RoutingRuleDeleted and
 * RoutingRuleCreated events that carry the actual change. This one records where they came from.
 */
export type RoutingTemplateApplied = DomainEvent<
  'RoutingTemplateApplied',
  {
    scope: RoutingScope;
    templateId: string;
    templateName: string;
    mode: 'replace' | 'merge';
    createdRuleIds: string[];
    deletedRuleIds: string[];
    skipped: number;
  }
>;

export type RoutingEvent =
  RoutingRuleCreated | RoutingRuleUpdated | RoutingRuleActivated | RoutingRuleDeactivated | RoutingRuleDeleted | RoutingTemplateApplied;

export const routingEventTypes = [
  'RoutingRuleCreated',
  'RoutingRuleUpdated',
  'RoutingRuleActivated',
  'RoutingRuleDeactivated',
  'RoutingRuleDeleted',
  'RoutingTemplateApplied',
] as const satisfies readonly RoutingEvent['type'][];
