import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type MemberRow, memberView } from './organization-rows.js';
import { GetSquadMemberQuery } from './get-squad-member.query.js';
import type { MemberView } from './views.js';

@QueryHandler(GetSquadMemberQuery)
export class GetSquadMemberHandler implements IQueryHandler<GetSquadMemberQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, memberId }: GetSquadMemberQuery): Promise<MemberView> {
    const [row] = await this.db.query<MemberRow>('SELECT * FROM squad_members WHERE id = $1 AND organization_id = $2', [
      memberId,
      tenantId,
    ]);
    if (!row) throw new NotFoundError('member', memberId);
    return memberView(row);
  }
}
