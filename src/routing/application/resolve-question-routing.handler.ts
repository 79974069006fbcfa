import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ResolveQuestionRoutingQuery } from './resolve-question-routing.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(ResolveQuestionRoutingQuery)
export class ResolveQuestionRoutingHandler implements IQueryHandler<ResolveQuestionRoutingQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, squadId, members, askerRole, questionType }: ResolveQuestionRoutingQuery) {
    return this.routing.questionRouting(tenantId, squadId, members, askerRole, questionType);
  }
}
