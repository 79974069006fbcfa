import { Query } from '@nestjs/cqrs';
import type { RoutingTemplate } from '../domain/routing-template.js';

export class GetRoutingTemplateQuery extends Query<RoutingTemplate> {
  constructor(
    readonly tenantId: string,
    readonly templateId: string,
  ) {
    super();
  }
}
