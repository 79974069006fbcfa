import { streamId } from '../../platform/event-store/stream-id.js';
import type { RoutingScope } from './routing-rule.js';

/**
 * One stream per routing scope holds all of its rules, so a bulk create or a template applied is
 * one atomic append and every decision sees the whole set.
 */
export function routingStreamId(scope: RoutingScope): string {
  return scope.kind === 'squad' ? streamId('routing', `squad-${scope.squadId}`) : streamId('routing', `org-${scope.organizationId}`);
}

export function interactionSettingsStreamId(squadId: string): string {
  return streamId('interaction_settings', squadId);
}

/** All of an organization's own templates in one stream, so "one default" holds without coordination. */
export function routingTemplatesStreamId(organizationId: string): string {
  return streamId('routing_templates', organizationId);
}
