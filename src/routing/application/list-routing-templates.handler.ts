import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListRoutingTemplatesQuery } from './list-routing-templates.query.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';

@QueryHandler(ListRoutingTemplatesQuery)
export class ListRoutingTemplatesHandler implements IQueryHandler<ListRoutingTemplatesQuery> {
  constructor(private readonly catalog: RoutingTemplateCatalog) {}

  execute({ tenantId }: ListRoutingTemplatesQuery) {
    return this.catalog.list(tenantId);
  }
}
