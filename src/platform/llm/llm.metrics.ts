import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.js';

export const llmCalls = new Counter({
  name: 'agent_squad_llm_calls_total',
  help: 'Language-model gateway calls, by provider that answered and outcome',
  labelNames: ['provider', 'kind', 'outcome', 'cached'] as const,
  registers: [metricsRegistry],
});

export const llmCallDuration = new Histogram({
  name: 'agent_squad_llm_call_duration_seconds',
  help: 'Language-model gateway call latency, retries and failover included',
  labelNames: ['kind'] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const llmTokens = new Counter({
  name: 'agent_squad_llm_tokens_total',
  help: 'Tokens sent to and received from providers',
  labelNames: ['provider', 'direction'] as const,
  registers: [metricsRegistry],
});
