import { Query } from '@nestjs/cqrs';
import type { MemberView } from './views.js';

/** Every member of a squad, in the order they were added; NotFoundError when the squad is not the tenant's. */
export class GetSquadRosterQuery extends Query<MemberView[]> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
