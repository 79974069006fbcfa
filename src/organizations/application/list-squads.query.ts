import { Query } from '@nestjs/cqrs';
import type { PageRequest } from './page-request.js';
import type { SquadView } from './views.js';

export class ListSquadsQuery extends Query<{ key: number; view: SquadView }[]> {
  constructor(
    readonly tenantId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
