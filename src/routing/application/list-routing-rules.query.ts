import { Query } from '@nestjs/cqrs';
import type { KeyedRule, RulePageRequest } from './routing-read-model.js';
import type { RoutingTarget } from './routing-target.js';

export class ListRoutingRulesQuery extends Query<KeyedRule[]> {
  constructor(
    readonly tenantId: string,
    readonly target: RoutingTarget,
    readonly page: RulePageRequest,
  ) {
    super();
  }
}
