import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { type ApiKeyEvent, apiKeyEventTypes } from '../domain/api-key.events.js';

/** `api_keys`: the lookup the auth guard uses (by hash). Inline, so a new key works at once. */
export class ApiKeysProjection extends PerEventProjection<ApiKeyEvent> {
  readonly name = 'api_keys';
  readonly mode = 'inline';
  readonly eventTypes = apiKeyEventTypes;

  protected async applyEvent(event: Recorded<ApiKeyEvent>, tx: Sql): Promise<void> {
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId, organizationId, name, role, memberId, keyHash, keyPrefix, issuedAt } = event.data;
        await tx.query(
          `INSERT INTO api_keys (id, organization_id, name, role, member_id, key_hash, key_prefix, issued_position, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
          [keyId, organizationId, name, role, memberId, keyHash, keyPrefix, event.position, issuedAt],
        );
        break;
      }
      case 'ApiKeyRevoked':
        await tx.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [event.data.keyId, event.data.revokedAt]);
        break;
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM api_keys');
  }
}
