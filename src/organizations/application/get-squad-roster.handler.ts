import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type MemberRow, memberView } from './organization-rows.js';
import { GetSquadRosterQuery } from './get-squad-roster.query.js';
import type { MemberView } from './views.js';

@QueryHandler(GetSquadRosterQuery)
export class GetSquadRosterHandler implements IQueryHandler<GetSquadRosterQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId }: GetSquadRosterQuery): Promise<MemberView[]> {
    const [squad] = await this.db.query('SELECT 1 FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!squad) throw new NotFoundError('squad', squadId);
    const rows = await this.db.query<MemberRow>('SELECT * FROM squad_members WHERE squad_id = $1 ORDER BY added_position', [squadId]);
    return rows.map(memberView);
  }
}
