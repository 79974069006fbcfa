import { Query } from '@nestjs/cqrs';
import type { SquadView } from './views.js';

export class GetSquadQuery extends Query<SquadView> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
