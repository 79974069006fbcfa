import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { AgentTrigger } from './agent-spec.js';
import type { Priority } from './priority.js';

/** An instance of a published agent version now receives matching events. Its triggers are copied
 * here so routing never depends on a later change of the definition. Schema v1. */
export type AgentInstanceStarted = DomainEvent<
  'AgentInstanceStarted',
  { instanceId: string; slug: string; version: string; triggers: AgentTrigger[]; priority: Priority; startedAt: string }
>;
export type AgentInstancePaused = DomainEvent<'AgentInstancePaused', { instanceId: string; pausedAt: string }>;
export type AgentInstanceResumed = DomainEvent<'AgentInstanceResumed', { instanceId: string; resumedAt: string }>;
export type AgentInstanceStopped = DomainEvent<'AgentInstanceStopped', { instanceId: string; stoppedAt: string }>;

export type AgentInstanceEvent = AgentInstanceStarted | AgentInstancePaused | AgentInstanceResumed | AgentInstanceStopped;

export const AGENT_INSTANCE_EVENT_TYPES: readonly AgentInstanceEvent['type'][] = [
  'AgentInstanceStarted',
  'AgentInstancePaused',
  'AgentInstanceResumed',
  'AgentInstanceStopped',
];
