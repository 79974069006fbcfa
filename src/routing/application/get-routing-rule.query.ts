import { Query } from '@nestjs/cqrs';
import type { RoutingRule } from '../domain/routing-rule.js';
import type { RoutingTarget } from './routing-target.js';

export class GetRoutingRuleQuery extends Query<RoutingRule> {
  constructor(
    readonly tenantId: string,
    readonly target: RoutingTarget,
    readonly ruleId: string,
  ) {
    super();
  }
}
