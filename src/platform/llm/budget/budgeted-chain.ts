import type { LlmCallContext } from '../llm.types.js';
import { costUsd } from '../providers/llm-provider.js';
import type { ChainCall, ChainResult, ProviderChain } from '../reliability/provider-chain.js';
import { type BudgetGuard, type BudgetReservation, type Spend, noBudgets } from './budget-guard.js';
import { LlmBudgetExceededError } from './llm-budget-exceeded.error.js';

export interface BudgetedResult<T> extends ChainResult<T> {
  /** Counts the call's actual spend against its budgets (call it once, when the usage is known). */
  settle(actual: Spend): Promise<void>;
}

/**
 * The provider chain behind the budgets: reserve the estimate, run (the offline model alone when a
 * `degrade` budget is spent, nothing when a `block` one is), then the caller settles the actual.
 * A call for no organization (system calls) is not budgeted.
 */
export class BudgetedChain {
  private guard: BudgetGuard = noBudgets;

  constructor(readonly chain: ProviderChain) {}

  enforce(guard: BudgetGuard): void {
    this.guard = guard;
  }

  async run<T>(context: LlmCallContext, call: ChainCall<T>, now: number): Promise<BudgetedResult<T>> {
    if (context.tenantId === null) return { ...(await this.chain.run(call)), settle: () => Promise.resolve() };
    const verdict = await this.guard.reserve({
      tenantId: context.tenantId,
      scope: context.scope,
      estimate: { tokens: call.estimatedTokens, costUsd: this.estimatedCost(call.estimatedTokens) },
      now,
    });
    if (verdict.kind === 'block') throw new LlmBudgetExceededError(verdict.budgetId, verdict.message);
    if (verdict.kind === 'degrade') return { ...(await this.chain.run({ ...call, offlineOnly: true })), settle: () => Promise.resolve() };
    return this.reserved(call, verdict.reservation);
  }

  private async reserved<T>(call: ChainCall<T>, reservation: BudgetReservation): Promise<BudgetedResult<T>> {
    let result: ChainResult<T>;
    try {
      result = await this.chain.run(call);
    } catch (error) {
      // Requests that failed cost nothing the ledger knows of; the estimate goes back.
      await reservation.release();
      throw error;
    }
    let settled = false;
    return {
      ...result,
      settle: (actual) => {
        if (settled) return Promise.resolve();
        settled = true;
        return reservation.settle(actual);
      },
    };
  }

  /** The estimate priced at the dearest rate in the chain: a reservation must not be too small. */
  private estimatedCost(tokens: number): number {
    const dearest = this.chain.providers.reduce((max, p) => Math.max(max, p.pricing.priceIn, p.pricing.priceOut), 0);
    return costUsd({ priceIn: dearest, priceOut: 0 }, tokens, 0);
  }
}
