import type { DomainEvent } from '../../platform/event-store/event.types.js';

interface ExecutionOutcome {
  executionId: string;
  eventId: string;
  instanceId: string;
  slug: string;
  version: string;
  /** 1 for the first run; higher when a run was interrupted (crash, shutdown) and picked up again. */
  attempt: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** The agent handled the event. Schema v1. */
export type AgentExecutionSucceeded = DomainEvent<'AgentExecutionSucceeded', ExecutionOutcome & { output: string }>;
/** The agent (or its language model) failed on the event; it is not retried. Schema v1. */
export type AgentExecutionFailed = DomainEvent<'AgentExecutionFailed', ExecutionOutcome & { error: string }>;

export type AgentExecutionEvent = AgentExecutionSucceeded | AgentExecutionFailed;

export const AGENT_EXECUTION_EVENT_TYPES = [
  'AgentExecutionSucceeded',
  'AgentExecutionFailed',
] as const satisfies readonly AgentExecutionEvent['type'][];
