import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetRoutingRuleQuery } from './get-routing-rule.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(GetRoutingRuleQuery)
export class GetRoutingRuleHandler implements IQueryHandler<GetRoutingRuleQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, target, ruleId }: GetRoutingRuleQuery) {
    return this.routing.rule(tenantId, target, ruleId);
  }
}
