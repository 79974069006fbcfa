import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListRoutingRulesQuery } from './list-routing-rules.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(ListRoutingRulesQuery)
export class ListRoutingRulesHandler implements IQueryHandler<ListRoutingRulesQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, target, page }: ListRoutingRulesQuery) {
    return this.routing.rules(tenantId, target, page);
  }
}
