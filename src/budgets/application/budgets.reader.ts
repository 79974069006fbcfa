import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { periodStart } from '../domain/budget-period.js';
import { BUDGETS_WITH_SPEND, type BudgetRow, type BudgetView, toBudgetView } from './budget.view.js';

/** Reads budgets with their current spend (the budgets module's own tables). */
@Injectable()
export class BudgetsReader {
  constructor(private readonly db: Database) {}

  async list(tenantId: string, now: number, budgetId: string | null = null): Promise<BudgetView[]> {
    const rows = await this.db.query<BudgetRow>(BUDGETS_WITH_SPEND, [
      tenantId,
      periodStart('day', now),
      periodStart('month', now),
      budgetId,
    ]);
    return rows.map((row) => toBudgetView(row, now));
  }
}
