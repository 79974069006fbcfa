import type { ServedBecause } from '../llm-call-scope.js';

export type CallKind = 'chat' | 'structured' | 'stream' | 'embed';

/** ok; failed (no provider answered); invalid (schema broken after repair); interrupted (stream broke); aborted (by the caller). */
export type CallOutcome = 'ok' | 'failed' | 'invalid' | 'interrupted' | 'aborted';

/** One gateway call, as accounted in llm_usage. */
export interface UsageRecord {
  tenantId: string | null;
  /** From the call's scope: the squad and agent it was made for, when it said. */
  squadId: string | null;
  agentSlug: string | null;
  purpose: string;
  kind: CallKind;
  /** The provider that answered, or the last one tried when none did (`none` if none could be tried). */
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
  /** preferred | fallback | default | degraded; null for a cache hit or when no provider answered. */
  servedBecause: ServedBecause | null;
  outcome: CallOutcome;
  /** Provider requests made, retries included; 0 for a cache hit. */
  attempts: number;
  error: string | null;
  at: Date;
}
