import { Query } from '@nestjs/cqrs';
import type { MemberView } from './views.js';

export class GetSquadMemberQuery extends Query<MemberView> {
  constructor(
    readonly tenantId: string,
    readonly memberId: string,
  ) {
    super();
  }
}
