import type { AgentSpec } from '../domain/agent-spec.js';
import type { JsonObject } from '../domain/json.js';
import type { Priority } from '../domain/priority.js';

/** The external event an agent is asked to handle. */
export interface AgentEvent {
  eventId: string;
  type: string;
  payload: JsonObject;
  priority: Priority;
  receivedAt: string;
}

export interface AgentExecutionContext {
  tenantId: string;
  executionId: string;
  instanceId: string;
  /** The squad the agent works for (see AgentSquads): its budget is charged for the execution's model calls. */
  squadId?: string;
  /** 1 on the first run; higher when an interrupted run is picked up again (make side effects idempotent). */
  attempt: number;
  /** Aborted when the process shuts down; the execution is then picked up again later, not failed. */
  signal: AbortSignal;
}

export interface AgentExecutionResult {
  /** What the agent produced (its answer, plan or report), kept in the execution history. */
  output: string;
}

/**
 * Runs one agent on one event, typically: system prompt = agent.persona (+ goals, skills), user
 * message = the event, model settings = agent.model. Resolve with the output; throw to record the
 * execution as failed with the error's message. The registry binds LlmAgentExecutor (the LLM
 * gateway, which answers offline when no provider is configured).
 */
export interface AgentExecutor {
  execute(agent: AgentSpec, event: AgentEvent, context: AgentExecutionContext): Promise<AgentExecutionResult>;
}

export const AGENT_EXECUTOR = Symbol('AGENT_EXECUTOR');
