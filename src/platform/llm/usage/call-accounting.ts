import { LlmAbortedError, LlmStreamInterruptedError, LlmStructuredOutputError } from '../llm.errors.js';
import type { LlmCallContext, ServedBecause } from '../llm.types.js';
import { countLlmCall } from '../llm.metrics.js';
import type { LlmClock } from '../reliability/llm-clock.js';
import type { CallKind, CallOutcome, UsageRecord } from './usage-record.js';
import type { UsageSink } from './usage-recorder.js';

export interface CallFigures {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cached: boolean;
  attempts: number;
  /** Why the provider that answered was chosen; absent for cache hits and calls nobody answered. */
  servedBecause?: ServedBecause;
}

/** The usage ledger and the metrics for one gateway call, written once when the call ends. */
export class CallAccounting {
  private readonly started: number;

  constructor(
    private readonly kind: CallKind,
    private readonly context: LlmCallContext,
    private readonly clock: LlmClock,
    private readonly sink: UsageSink,
  ) {
    this.started = clock.now();
  }

  get elapsedMs(): number {
    return Math.max(0, this.clock.now() - this.started);
  }

  succeeded(figures: CallFigures): number {
    return this.write('ok', figures, null);
  }

  failed(error: unknown, figures: CallFigures): void {
    this.write(outcomeOf(error), figures, error instanceof Error ? error.message.slice(0, 1000) : String(error));
  }

  private write(outcome: CallOutcome, figures: CallFigures, error: string | null): number {
    const latencyMs = this.elapsedMs;
    const record: UsageRecord = {
      tenantId: this.context.tenantId,
      squadId: this.context.scope?.squadId ?? null,
      agentSlug: this.context.scope?.agentSlug ?? null,
      purpose: this.context.purpose,
      kind: this.kind,
      ...figures,
      servedBecause: figures.servedBecause ?? null,
      latencyMs,
      outcome,
      error,
      at: new Date(this.clock.now()),
    };
    this.sink.record(record);
    countLlmCall({
      provider: figures.provider,
      kind: this.kind,
      outcome,
      cached: figures.cached,
      seconds: latencyMs / 1000,
      inputTokens: figures.inputTokens,
      outputTokens: figures.outputTokens,
    });
    return latencyMs;
  }
}

function outcomeOf(error: unknown): CallOutcome {
  if (error instanceof LlmAbortedError) return 'aborted';
  if (error instanceof LlmStructuredOutputError) return 'invalid';
  if (error instanceof LlmStreamInterruptedError) return 'interrupted';
  return 'failed';
}
