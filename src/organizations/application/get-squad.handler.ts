import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type SquadRow, squadView } from './organization-rows.js';
import { GetSquadQuery } from './get-squad.query.js';
import type { SquadView } from './views.js';

@QueryHandler(GetSquadQuery)
export class GetSquadHandler implements IQueryHandler<GetSquadQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId }: GetSquadQuery): Promise<SquadView> {
    const [row] = await this.db.query<SquadRow>('SELECT * FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!row) throw new NotFoundError('squad', squadId);
    return squadView(row);
  }
}
