import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { TemplateRule } from './template-rule.js';

/** Events of an organization's own templates (stream `routing_templates-<organizationId>`). Schema version 1. */
export type RoutingTemplateCreated = DomainEvent<
  'RoutingTemplateCreated',
  {
    organizationId: string;
    templateId: string;
    name: string;
    description: string;
    rules: TemplateRule[];
    isPublic: boolean;
    sourceSquadId: string | null;
  }
>;
export type RoutingTemplateChanged = DomainEvent<
  'RoutingTemplateChanged',
  { organizationId: string; templateId: string; name: string; description: string; isPublic: boolean }
>;
/** At most one default per organization: setting one clears the previous one in the same event. */
export type RoutingTemplateDefaultSet = DomainEvent<
  'RoutingTemplateDefaultSet',
  { organizationId: string; templateId: string | null; previousTemplateId: string | null }
>;
export type RoutingTemplateDeleted = DomainEvent<'RoutingTemplateDeleted', { organizationId: string; templateId: string }>;

export type RoutingTemplateEvent = RoutingTemplateCreated | RoutingTemplateChanged | RoutingTemplateDefaultSet | RoutingTemplateDeleted;

export const routingTemplateEventTypes = [
  'RoutingTemplateCreated',
  'RoutingTemplateChanged',
  'RoutingTemplateDefaultSet',
  'RoutingTemplateDeleted',
] as const satisfies readonly RoutingTemplateEvent['type'][];
