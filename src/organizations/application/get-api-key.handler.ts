import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type ApiKeyRow, apiKeyView } from './organization-rows.js';
import { GetApiKeyQuery } from './get-api-key.query.js';
import type { ApiKeyView } from './views.js';

@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, keyId }: GetApiKeyQuery): Promise<ApiKeyView> {
    const [row] = await this.db.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1 AND organization_id = $2', [keyId, tenantId]);
    if (!row) throw new NotFoundError('API key', keyId);
    return apiKeyView(row);
  }
}
