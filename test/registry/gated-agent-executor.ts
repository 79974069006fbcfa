import type {
  AgentEvent,
  AgentExecutionContext,
  AgentExecutionResult,
  AgentExecutor,
} from '../../src/registry/application/agent-executor.js';
import type { AgentSpec } from '../../src/registry/domain/agent-spec.js';

/**
 * Records the order in which executions start (by `payload.label`) and, while closed, holds each
 * one until `open()` — or rejects it when its signal aborts (shutdown), like a real model call.
 */
export class GatedAgentExecutor implements AgentExecutor {
  readonly started: string[] = [];
  private closed: boolean;
  private held: (() => void)[] = [];

  constructor(options: { closed: boolean }) {
    this.closed = options.closed;
  }

  execute(agent: AgentSpec, event: AgentEvent, context: AgentExecutionContext): Promise<AgentExecutionResult> {
    const label = String(event.payload.label);
    this.started.push(label);
    const result = { output: `${agent.slug} did ${label}` };
    if (event.payload.fail === true) return Promise.reject(new Error(`${label} failed on purpose`));
    if (!this.closed) return Promise.resolve(result);
    return new Promise((resolve, reject) => {
      this.held.push(() => resolve(result));
      context.signal.addEventListener('abort', () => reject(new Error('interrupted')));
    });
  }

  open(): void {
    this.closed = false;
    const held = this.held;
    this.held = [];
    for (const release of held) release();
  }
}
