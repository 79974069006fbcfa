import { DomainError } from '../../platform/decider/decider.js';
import type { AgentTrigger } from './agent-spec.js';
import { isValidEventType } from './event-type-pattern.js';
import type { ExternalEventReceived } from './event-intake.events.js';
import { executionIdOf } from './event-intake.stream.js';
import { type JsonObject, isJsonObject } from './json.js';
import { type Priority, isPriority, priorityRank } from './priority.js';
import { matchesAnyTrigger } from './trigger-matching.js';

/** An instance that could receive the event: active, with the triggers it was started with. */
export interface RoutableInstance {
  instanceId: string;
  slug: string;
  version: string;
  triggers: readonly AgentTrigger[];
  priority: Priority;
}

export interface ReceiveExternalEvent {
  type: 'ReceiveExternalEvent';
  eventId: string;
  eventType: string;
  payload: JsonObject;
  priority: Priority;
  /** The tenant's active instances when the event arrived. */
  candidates: readonly RoutableInstance[];
  now: Date;
}

export type EventIntakeState = { kind: 'new' } | { kind: 'received' };

export class InvalidExternalEventError extends DomainError {
  constructor(message: string) {
    super('external_event_invalid', message);
  }
}

/**
 * Routes an incoming event to every candidate whose triggers match, the agents with the highest
 * priority first (they are enqueued first, so among equal event priorities they run first).
 * Receiving the same event id again changes nothing.
 */
export function decideEventIntake(command: ReceiveExternalEvent, state: EventIntakeState): ExternalEventReceived[] {
  if (state.kind === 'received') return [];
  if (!isValidEventType(command.eventType))
    throw new InvalidExternalEventError(`type "${command.eventType}" must be dot-separated segments without *`);
  if (!isPriority(command.priority)) throw new InvalidExternalEventError('priority must be CRITICAL, HIGH, NORMAL or LOW');
  if (!isJsonObject(command.payload)) throw new InvalidExternalEventError('payload must be a JSON object');
  const event = { type: command.eventType, payload: command.payload };
  const executions = command.candidates
    .filter((candidate) => matchesAnyTrigger(candidate.triggers, event))
    .sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || a.instanceId.localeCompare(b.instanceId))
    .map(({ instanceId, slug, version }) => ({ executionId: executionIdOf(command.eventId, instanceId), instanceId, slug, version }));
  const { eventId, eventType, payload, priority } = command;
  return [
    { type: 'ExternalEventReceived', data: { eventId, eventType, payload, priority, receivedAt: command.now.toISOString(), executions } },
  ];
}

export const eventIntakeDecider = {
  initialState: (): EventIntakeState => ({ kind: 'new' }),
  evolve: (_state: EventIntakeState, _event: ExternalEventReceived): EventIntakeState => ({ kind: 'received' }),
  decide: decideEventIntake,
};
