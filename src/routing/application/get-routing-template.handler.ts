import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetRoutingTemplateQuery } from './get-routing-template.query.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';

@QueryHandler(GetRoutingTemplateQuery)
export class GetRoutingTemplateHandler implements IQueryHandler<GetRoutingTemplateQuery> {
  constructor(private readonly catalog: RoutingTemplateCatalog) {}

  execute({ tenantId, templateId }: GetRoutingTemplateQuery) {
    return this.catalog.get(tenantId, templateId);
  }
}
