import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetRoutingChainQuery } from './get-routing-chain.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(GetRoutingChainQuery)
export class GetRoutingChainHandler implements IQueryHandler<GetRoutingChainQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, squadId, askerRole, questionType }: GetRoutingChainQuery) {
    return this.routing.chainFor(tenantId, squadId, askerRole, questionType);
  }
}
