import type { Request } from 'express';
import type { RecordedEvent } from '../../event-store/event.types.js';

export const PRINCIPAL_ROLES = ['admin', 'operator', 'agent'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

/** Who is calling: the organization (tenant) of the API key, its role, and the member it acts as. */
export interface Principal {
  tenantId: string;
  role: PrincipalRole;
  keyId: string;
  memberId?: string;
}

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Resolves a raw API key to its principal, or null when the key is unknown or revoked. The
 * organizations module provides it; the platform knows no tables of its own for keys.
 */
export interface ApiKeyAuthenticator {
  authenticate(rawKey: string): Promise<Principal | null>;
  /**
   * The id of the API key whose validity or role this stored event changes (a revocation, a new
   * role), else undefined. Realtime re-checks the open connections of that key when it sees it.
   */
  keyChangedBy(event: RecordedEvent): string | undefined;
}

export const API_KEY_AUTHENTICATOR = Symbol('API_KEY_AUTHENTICATOR');
