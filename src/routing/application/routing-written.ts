import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { RoutingEvent } from '../domain/routing.events.js';

/** What a rule write returns: the scope's version after it (the ETag) and the rules it touched. */
export interface RoutingWritten {
  version: number;
  ruleIds: string[];
}

/** The ids of the rules a write created, in order. */
export function createdRuleIds(events: readonly (RecordedEvent & RoutingEvent)[]): string[] {
  return events.flatMap((event) => (event.type === 'RoutingRuleCreated' ? [event.data.rule.id] : []));
}
