import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { ListAgentSquadsQuery } from './list-agent-squads.query.js';

@QueryHandler(ListAgentSquadsQuery)
export class ListAgentSquadsHandler implements IQueryHandler<ListAgentSquadsQuery> {
  constructor(private readonly db: Database) {}

  async execute({ tenantId, agentSlug }: ListAgentSquadsQuery): Promise<string[]> {
    // A squad with the agent twice (two members running it) is one squad.
    const rows = await this.db.query<{ squad_id: string }>(
      `SELECT squad_id FROM squad_members WHERE organization_id = $1 AND agent_slug = $2 AND kind = 'agent'
        GROUP BY squad_id ORDER BY min(added_position)`,
      [tenantId, agentSlug],
    );
    return rows.map((row) => row.squad_id);
  }
}
