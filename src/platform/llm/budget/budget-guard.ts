import type { LlmCallScope } from '../llm-call-scope.js';

/** What one call costs or is expected to cost: its tokens (in and out) and US dollars. */
export interface Spend {
  tokens: number;
  costUsd: number;
}

/** A call about to be made, as the budgets see it. */
export interface BudgetCharge {
  tenantId: string;
  scope: LlmCallScope | undefined;
  /** The estimate reserved before the call: the rate limiter's token estimate, priced at the chain's dearest rate. */
  estimate: Spend;
  /** Epoch milliseconds; picks the day or month the spend is counted in. */
  now: number;
  /**
   * The longest the call may hold its reservation (see reservationLeaseMs). A reservation still
   * held after that was left by a process that died before settling it, and is given back.
   */
  holdForMs: number;
}

/**
 * The estimate is held against every budget that applies until `settle` replaces it by the actual
 * spend (or `release` gives it back). Both return at once: the settlement is written off the
 * call's path, and the estimate stays held until it is, so a late settlement never lets calls
 * overshoot. A settlement that cannot be written is logged, never thrown at the call.
 */
export interface BudgetReservation {
  settle(actual: Spend): void;
  /** The call failed before spending anything: the estimate is given back. */
  release(): void;
}

export type BudgetVerdict =
  | { kind: 'allow'; reservation: BudgetReservation }
  /** A spent `degrade` budget: served by the offline model, nothing reserved. */
  | { kind: 'degrade'; budgetId: string }
  /** A spent `block` budget: the call is refused. */
  | { kind: 'block'; budgetId: string; message: string };

/**
 * Decides, before a call, whether the budgets that apply to it (its organization's, its squad's,
 * its agent's) let it through. The budgets module implements it; without one every call is allowed.
 */
export interface BudgetGuard {
  reserve(charge: BudgetCharge): Promise<BudgetVerdict>;
  /** Resolves when every settlement and release handed over so far is written. */
  flush(): Promise<void>;
}

const nothingReserved: BudgetReservation = { settle: () => undefined, release: () => undefined };

export const noBudgets: BudgetGuard = {
  reserve: () => Promise.resolve({ kind: 'allow', reservation: nothingReserved }),
  flush: () => Promise.resolve(),
};
