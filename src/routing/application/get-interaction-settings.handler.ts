import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetInteractionSettingsQuery } from './get-interaction-settings.query.js';
import { RoutingReadModel } from './routing-read-model.js';

@QueryHandler(GetInteractionSettingsQuery)
export class GetInteractionSettingsHandler implements IQueryHandler<GetInteractionSettingsQuery> {
  constructor(private readonly routing: RoutingReadModel) {}

  execute({ tenantId, squadId }: GetInteractionSettingsQuery) {
    return this.routing.settings(tenantId, squadId);
  }
}
