import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { type SquadRow, squadView } from './organization-rows.js';
import { ListSquadsQuery } from './list-squads.query.js';

@QueryHandler(ListSquadsQuery)
export class ListSquadsHandler implements IQueryHandler<ListSquadsQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, page }: ListSquadsQuery) {
    const rows = await this.db.query<SquadRow>(
      'SELECT * FROM squads WHERE organization_id = $1 AND created_position > $2 ORDER BY created_position LIMIT $3',
      [tenantId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.created_position), view: squadView(row) }));
  }
}
