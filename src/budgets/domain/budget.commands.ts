import type { BudgetDefinition, BudgetSpend } from './budget.types.js';

export interface SetBudget {
  type: 'SetBudget';
  organizationId: string;
  budget: BudgetDefinition;
  now: string;
}

/** A settled call moved the period's spend from `before` to `after` (one atomic update, so the ranges never overlap). */
export interface RecordBudgetSpend {
  type: 'RecordBudgetSpend';
  periodStart: string;
  before: BudgetSpend;
  after: BudgetSpend;
  now: string;
}

/** A call's estimate did not fit into what is left of the period's budget. */
export interface RecordRefusedCall {
  type: 'RecordRefusedCall';
  periodStart: string;
  spent: BudgetSpend;
  now: string;
}

export type BudgetCommand = SetBudget | RecordBudgetSpend | RecordRefusedCall;
