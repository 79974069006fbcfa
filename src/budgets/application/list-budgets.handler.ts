import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../platform/decider/clock.js';
import { BudgetsReader } from './budgets.reader.js';
import { ListBudgetsQuery } from './list-budgets.query.js';

@QueryHandler(ListBudgetsQuery)
export class ListBudgetsHandler implements IQueryHandler<ListBudgetsQuery> {
  constructor(
    private readonly budgets: BudgetsReader,
    private readonly clock: Clock,
  ) {}

  execute({ tenantId }: ListBudgetsQuery) {
    return this.budgets.list(tenantId, this.clock.now().getTime());
  }
}
