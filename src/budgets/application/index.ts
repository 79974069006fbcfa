import { ListBudgetsHandler } from './list-budgets.handler.js';
import { SetBudgetHandler } from './set-budget.handler.js';

export const commandHandlers = [SetBudgetHandler];
export const queryHandlers = [ListBudgetsHandler];
