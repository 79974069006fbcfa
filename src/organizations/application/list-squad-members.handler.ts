import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type MemberRow, memberView } from './organization-rows.js';
import { ListSquadMembersQuery } from './list-squad-members.query.js';

@QueryHandler(ListSquadMembersQuery)
export class ListSquadMembersHandler implements IQueryHandler<ListSquadMembersQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId, page }: ListSquadMembersQuery) {
    const [squad] = await this.db.query('SELECT 1 FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!squad) throw new NotFoundError('squad', squadId);
    const rows = await this.db.query<MemberRow>(
      'SELECT * FROM squad_members WHERE squad_id = $1 AND added_position > $2 ORDER BY added_position LIMIT $3',
      [squadId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.added_position), view: memberView(row) }));
  }
}
