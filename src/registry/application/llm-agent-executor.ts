import { Injectable } from '@nestjs/common';
import { type ChatMessage, LlmGateway } from '../../platform/llm/index.js';
import type { AgentSpec } from '../domain/agent-spec.js';
import type { AgentEvent, AgentExecutionContext, AgentExecutionResult, AgentExecutor } from './agent-executor.js';

/** The purpose agent executions are accounted under in LLM usage. */
export const AGENT_EXECUTION_PURPOSE = 'agent_execution';

/** The agent's persona, then its goals and skills: the system prompt of every execution. */
export function agentSystemPrompt(agent: AgentSpec): string {
  const parts = [agent.persona.trim(), `Your goals:\n${agent.goals.map((goal) => `- ${goal}`).join('\n')}`];
  if (agent.skills.length > 0) parts.push(`Your skills: ${agent.skills.join(', ')}.`);
  return parts.join('\n\n');
}

/** The event, as the user message: its type, priority, id and payload. */
export function agentEventMessage(event: AgentEvent): string {
  return [
    `Event ${event.type} (priority ${event.priority}, id ${event.eventId}, received ${event.receivedAt}).`,
    `Payload:\n${JSON.stringify(event.payload, null, 2)}`,
  ].join('\n');
}

/**
 * Runs an agent through the language-model gateway: its persona (with goals and skills) as the
 * system prompt, the event as the user message, its temperature and token limit. The agent's
 * `providerPreference` is tried first, the gateway's chain after it (the offline model when no
 * provider is configured); the agent's, its squad's and its organization's budgets are charged.
 */
@Injectable()
export class LlmAgentExecutor implements AgentExecutor {
  constructor(private readonly llm: LlmGateway) {}

  async execute(agent: AgentSpec, event: AgentEvent, context: AgentExecutionContext): Promise<AgentExecutionResult> {
    const messages: ChatMessage[] = [
      { role: 'system', content: agentSystemPrompt(agent) },
      { role: 'user', content: agentEventMessage(event) },
    ];
    const result = await this.llm.chat({
      tenantId: context.tenantId,
      purpose: AGENT_EXECUTION_PURPOSE,
      messages,
      temperature: agent.model.temperature,
      maxTokens: agent.model.maxTokens,
      signal: context.signal,
      scope: { agentSlug: agent.slug, squadId: context.squadId, providerPreference: agent.model.providerPreference },
    });
    return { output: result.text };
  }
}
