import { Query } from '@nestjs/cqrs';
import type { RoutingTemplate } from '../domain/routing-template.js';

export class ListRoutingTemplatesQuery extends Query<RoutingTemplate[]> {
  constructor(readonly tenantId: string) {
    super();
  }
}
