import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { type ApiKeyRow, apiKeyView } from './organization-rows.js';
import { ListApiKeysQuery } from './list-api-keys.query.js';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, page }: ListApiKeysQuery) {
    const rows = await this.db.query<ApiKeyRow>(
      'SELECT * FROM api_keys WHERE organization_id = $1 AND issued_position > $2 ORDER BY issued_position LIMIT $3',
      [tenantId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.issued_position), view: apiKeyView(row) }));
  }
}
