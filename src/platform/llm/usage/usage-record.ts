export type CallKind = 'chat' | 'structured' | 'stream' | 'embed';

/** ok; failed (no provider answered); invalid (schema broken after repair); interrupted (stream broke); aborted (by the caller). */
export type CallOutcome = 'ok' | 'failed' | 'invalid' | 'interrupted' | 'aborted';

/** One gateway call, as accounted in llm_usage. */
export interface UsageRecord {
  tenantId: string | null;
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
  outcome: CallOutcome;
  /** Provider requests made, retries included; 0 for a cache hit. */
  attempts: number;
  error: string | null;
  at: Date;
}
