/** The budgets module's public surface: other modules import only from here. */
export { BudgetsModule } from './budgets.module.js';
export { SetBudgetCommand, type BudgetInput } from './application/set-budget.command.js';
export { ListBudgetsQuery } from './application/list-budgets.query.js';
export type { BudgetView } from './application/budget.view.js';
export type { BudgetEvent } from './domain/budget.events.js';
export { budgetEventTypes } from './domain/budget.events.js';
export { budgetStreamId } from './domain/budget.stream.js';
