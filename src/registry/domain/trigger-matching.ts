import type { AgentTrigger } from './agent-spec.js';
import { matchesEventType } from './event-type-pattern.js';
import { matchesFilter } from './trigger-filter.js';

/** An event as trigger matching sees it. */
export interface IncomingEvent {
  type: string;
  payload: unknown;
}

export function matchesTrigger(trigger: AgentTrigger, event: IncomingEvent): boolean {
  return matchesEventType(trigger.eventType, event.type) && matchesFilter(trigger.filter, event.payload);
}

/** An agent is woken by an event when any one of its triggers matches. */
export function matchesAnyTrigger(triggers: readonly AgentTrigger[], event: IncomingEvent): boolean {
  return triggers.some((trigger) => matchesTrigger(trigger, event));
}
