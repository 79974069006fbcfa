import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { JsonObject } from './json.js';
import type { Priority } from './priority.js';

export interface RoutedExecution {
  executionId: string;
  instanceId: string;
  slug: string;
  version: string;
}

/**
 * An external event arrived and was routed: `executions` lists the instances whose triggers
 * matched at that moment (empty: unhandled). Recording the routing decision in the event keeps
 * the queue a pure projection, rebuildable to the same rows. Schema v1.
 */
export type ExternalEventReceived = DomainEvent<
  'ExternalEventReceived',
  { eventId: string; eventType: string; payload: JsonObject; priority: Priority; receivedAt: string; executions: RoutedExecution[] }
>;

export type EventIntakeEvent = ExternalEventReceived;

export const EVENT_INTAKE_EVENT_TYPES = ['ExternalEventReceived'] as const satisfies readonly EventIntakeEvent['type'][];
