import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { ApiKeyAuthenticator, Principal } from '../../platform/http/auth/principal.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { ApiKeyRevoked, ApiKeyRole } from '../domain/api-key.events.js';
import { hashApiKey } from './api-key-secret.js';

/** Looks a presented key up by its hash in the `api_keys` projection; revoked keys are unknown. */
@Injectable()
export class OrganizationApiKeyAuthenticator implements ApiKeyAuthenticator {
  constructor(private readonly db: Database) {}

  async authenticate(rawKey: string): Promise<Principal | null> {
    if (rawKey.length > 200) return null;
    const [row] = await this.db.query<{ id: string; organization_id: string; role: ApiKeyRole; member_id: string | null }>(
      'SELECT id, organization_id, role, member_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashApiKey(rawKey)],
    );
    if (!row) return null;
    return { tenantId: row.organization_id, role: row.role, keyId: row.id, ...(row.member_id ? { memberId: row.member_id } : {}) };
  }

  keyChangedBy(event: RecordedEvent): string | undefined {
    return event.type === 'ApiKeyRevoked' ? (event.data as ApiKeyRevoked['data']).keyId : undefined;
  }
}
