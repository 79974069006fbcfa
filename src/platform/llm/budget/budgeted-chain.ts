import type { LlmCallContext } from '../llm.types.js';
import { costUsd } from '../providers/llm-provider.js';
import type { ChainCall, ChainResult, ProviderChain } from '../reliability/provider-chain.js';
import { type BudgetGuard, type BudgetReservation, type Spend, noBudgets } from './budget-guard.js';
import { LlmBudgetExceededError } from './llm-budget-exceeded.error.js';

export interface BudgetedResult<T> extends ChainResult<T> {
  /** Counts the call's actual spend against its budgets (once, when the usage is known); written off the call's path. */
  settle(actual: Spend): void;
}

/**
 * What a call may take beyond the gateway's total timeout before its reservation counts as
 * abandoned: queueing and writing its settlement (milliseconds; seconds when Postgres is slow) and
 * the clock difference between replicas (the holder sets the expiry, any replica's sweep reads it).
 * Too short only loosens the guarantee for that call (its estimate is given back while it still
 * runs; the spend it settles later is counted all the same); too long keeps a dead process's
 * estimates blocking the budget longer.
 */
export const RESERVATION_SLACK_MS = 10_000;

/**
 * A stream's chain call ends at its first chunk; the rest is read at the provider's pace, each
 * silence bounded by the attempt timeout and the length by maxTokens, but not its total: ten
 * minutes covers several thousand tokens at the slowest rates providers serve.
 */
export const STREAM_READING_MS = 600_000;

/**
 * The longest a call holds its reservation. A chained call ends within LLM_TOTAL_TIMEOUT_MS: every
 * attempt's timeout, retry wait and rate-limit wait is cut to what is left of it (the offline model,
 * exempt, answers at once). A reservation older than this was left by a process that died before
 * settling it (SIGKILL, OOM), and the budgets' sweep gives it back.
 */
export function reservationLeaseMs(totalTimeoutMs: number, kind: 'call' | 'stream'): number {
  return totalTimeoutMs + RESERVATION_SLACK_MS + (kind === 'stream' ? STREAM_READING_MS : 0);
}

const unbudgeted = (): void => undefined;

/**
 * The provider chain behind the budgets: reserve the estimate, run (the offline model alone when a
 * `degrade` budget is spent, nothing when a `block` one is), then the caller settles the actual.
 * A call for no organization (system calls) is not budgeted.
 */
export class BudgetedChain {
  private guard: BudgetGuard = noBudgets;

  constructor(
    readonly chain: ProviderChain,
    private readonly totalTimeoutMs: number,
  ) {}

  enforce(guard: BudgetGuard): void {
    this.guard = guard;
  }

  /** Resolves when every settlement so far is written. */
  flush(): Promise<void> {
    return this.guard.flush();
  }

  async run<T>(context: LlmCallContext, call: ChainCall<T>, now: number, kind: 'call' | 'stream' = 'call'): Promise<BudgetedResult<T>> {
    // Nothing to reserve against (a system call, or no budgets module): no reservation and no promise hop for one.
    if (context.tenantId === null || this.guard === noBudgets) return { ...(await this.chain.run(call)), settle: unbudgeted };
    const verdict = await this.guard.reserve({
      tenantId: context.tenantId,
      scope: context.scope,
      estimate: { tokens: call.estimatedTokens, costUsd: this.estimatedCost(call.estimatedTokens) },
      now,
      holdForMs: reservationLeaseMs(this.totalTimeoutMs, kind),
    });
    if (verdict.kind === 'block') throw new LlmBudgetExceededError(verdict.budgetId, verdict.message);
    if (verdict.kind === 'degrade') return { ...(await this.chain.run({ ...call, offlineOnly: true })), settle: unbudgeted };
    return this.reserved(call, verdict.reservation);
  }

  private async reserved<T>(call: ChainCall<T>, reservation: BudgetReservation): Promise<BudgetedResult<T>> {
    let result: ChainResult<T>;
    try {
      result = await this.chain.run(call);
    } catch (error) {
      // Requests that failed cost nothing the ledger knows of; the estimate goes back.
      reservation.release();
      throw error;
    }
    let settled = false;
    return {
      ...result,
      settle: (actual) => {
        if (settled) return;
        settled = true;
        reservation.settle(actual);
      },
    };
  }

  /** The estimate priced at the dearest rate in the chain: a reservation must not be too small. */
  private estimatedCost(tokens: number): number {
    const dearest = this.chain.providers.reduce((max, p) => Math.max(max, p.pricing.priceIn, p.pricing.priceOut), 0);
    return costUsd({ priceIn: dearest, priceOut: 0 }, tokens, 0);
  }
}
