import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AgentSpec } from '../domain/agent-spec.js';
import type { JsonValue } from '../domain/json.js';
import type { AgentEvent, AgentExecutionResult, AgentExecutor } from './agent-executor.js';

/**
 * Works without any model: answers from the agent's definition and the event, the same way every
 * time for the same inputs, so the whole intake → queue → history flow runs offline and in tests.
 */
@Injectable()
export class DeterministicAgentExecutor implements AgentExecutor {
  execute(agent: AgentSpec, event: AgentEvent): Promise<AgentExecutionResult> {
    const digest = createHash('sha256')
      .update(agent.persona)
      .update('\0')
      .update(event.type)
      .update('\0')
      .update(stableJson(event.payload))
      .digest('hex');
    const facts = Object.entries(event.payload)
      .slice(0, 5)
      .map(([key, value]) => `${key}=${stableJson(value)}`)
      .join(', ');
    const output = [
      `${agent.name} (${agent.role}) handled ${event.type} [${event.priority}].`,
      `Goal in focus: ${agent.goals[0]}.`,
      facts ? `Event facts: ${facts}.` : 'The event carried no payload.',
      `Reference: ${digest.slice(0, 12)}.`,
    ].join(' ');
    return Promise.resolve({ output });
  }
}

/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
function stableJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
