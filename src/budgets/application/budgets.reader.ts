import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { periodStart } from '../domain/budget-period.js';
import { BUDGETS_WITH_SPEND, type BudgetRow, type BudgetView, toBudgetView } from './budget.view.js';
import { PostgresBudgetGuard } from './postgres-budget-guard.js';

/** Reads budgets with their current spend (the budgets module's own tables). */
@Injectable()
export class BudgetsReader {
  constructor(
    private readonly db: Database,
    private readonly guard: PostgresBudgetGuard,
  ) {}

  async list(tenantId: string, now: number, budgetId: string | null = null): Promise<BudgetView[]> {
    // This process's settlements first: a caller reads the spend of the calls it has just made.
    await this.guard.flush();
    const rows = await this.db.query<BudgetRow>(BUDGETS_WITH_SPEND, [
      tenantId,
      periodStart('day', now),
      periodStart('month', now),
      budgetId,
    ]);
    return rows.map((row) => toBudgetView(row, now));
  }
}
