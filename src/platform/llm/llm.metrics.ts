import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.js';

/** One finished gateway call, as the metrics count it. */
export interface LlmCallSample {
  provider: string;
  kind: string;
  outcome: string;
  cached: boolean;
  seconds: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Calls not yet counted. A call only appends its sample here; the metrics take them when they are
 * read (a scrape, or `get()`), or every PENDING_LIMIT calls. Four labelled updates per call are
 * accounting the call should not wait for, and a scrape always sees every call that has ended.
 */
let pending: LlmCallSample[] = [];
const PENDING_LIMIT = 1024;

export function countLlmCall(sample: LlmCallSample): void {
  pending.push(sample);
  if (pending.length >= PENDING_LIMIT) countPending();
}

function countPending(): void {
  if (pending.length === 0) return;
  const samples = pending;
  pending = [];
  for (const sample of samples) {
    llmCalls.inc({ provider: sample.provider, kind: sample.kind, outcome: sample.outcome, cached: String(sample.cached) });
    llmCallDuration.observe({ kind: sample.kind }, sample.seconds);
    if (!sample.cached) {
      llmTokens.inc({ provider: sample.provider, direction: 'in' }, sample.inputTokens);
      llmTokens.inc({ provider: sample.provider, direction: 'out' }, sample.outputTokens);
    }
  }
}

export const llmCalls = new Counter({
  name: 'agent_squad_llm_calls_total',
  help: 'Language-model gateway calls, by provider that answered and outcome',
  labelNames: ['provider', 'kind', 'outcome', 'cached'] as const,
  registers: [metricsRegistry],
  collect: countPending,
});

export const llmCallDuration = new Histogram({
  name: 'agent_squad_llm_call_duration_seconds',
  help: 'Language-model gateway call latency, retries and failover included',
  labelNames: ['kind'] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
  collect: countPending,
});

export const llmTokens = new Counter({
  name: 'agent_squad_llm_tokens_total',
  help: 'Tokens sent to and received from providers',
  labelNames: ['provider', 'direction'] as const,
  registers: [metricsRegistry],
  collect: countPending,
});
