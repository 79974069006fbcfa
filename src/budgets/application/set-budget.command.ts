import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { BudgetMode, BudgetPeriod, BudgetScope } from '../domain/budget.types.js';
import type { BudgetView } from './budget.view.js';

export interface BudgetInput {
  scope: BudgetScope;
  squadId?: string;
  agentSlug?: string;
  period: BudgetPeriod;
  limitUsd?: number;
  limitTokens?: number;
  mode: BudgetMode;
  thresholds?: number[];
}

/** Sets (creates or replaces) the budget of one scope and period. */
export class SetBudgetCommand extends Command<BudgetView> {
  constructor(
    readonly context: CommandContext,
    readonly input: BudgetInput,
  ) {
    super();
  }
}
