import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ValidateSquadRoutingQuery } from './validate-squad-routing.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(ValidateSquadRoutingQuery)
export class ValidateSquadRoutingHandler implements IQueryHandler<ValidateSquadRoutingQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, squadId, proposedRules }: ValidateSquadRoutingQuery) {
    return this.routing.validateSquad(tenantId, squadId, proposedRules);
  }
}
