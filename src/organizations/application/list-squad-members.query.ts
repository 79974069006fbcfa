import { Query } from '@nestjs/cqrs';
import type { PageRequest } from './page-request.js';
import type { MemberView } from './views.js';

export class ListSquadMembersQuery extends Query<{ key: number; view: MemberView }[]> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
