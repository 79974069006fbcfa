import { Query } from '@nestjs/cqrs';
import type { RoutingRule } from '../domain/routing-rule.js';
import type { RoutingValidation } from '../domain/routing-validation.js';

export class ValidateSquadRoutingQuery extends Query<RoutingValidation> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly proposedRules?: RoutingRule[],
  ) {
    super();
  }
}
