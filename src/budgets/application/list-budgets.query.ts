import { Query } from '@nestjs/cqrs';
import type { BudgetView } from './budget.view.js';

export class ListBudgetsQuery extends Query<BudgetView[]> {
  constructor(readonly tenantId: string) {
    super();
  }
}
