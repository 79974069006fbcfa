import type { DomainEvent } from '../../platform/event-store/event.types.js';

export const API_KEY_ROLES = ['admin', 'operator', 'agent'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export type ApiKeyIssued = DomainEvent<
  'ApiKeyIssued',
  {
    keyId: string;
    organizationId: string;
    name: string;
    role: ApiKeyRole;
    /** The member the key acts as: required for `agent` keys, optional otherwise. */
    memberId: string | null;
    /** sha256 of the key; the key itself is shown once and never stored. Never sent to realtime clients. */
    keyHash: string;
    /** The first characters of the key, to recognise it in a list. */
    keyPrefix: string;
    issuedAt: string;
  }
>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { keyId: string; revokedAt: string }>;

/** Stream `api_key-<id>`, schema version 1. */
export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;
export const apiKeyEventTypes: readonly ApiKeyEvent['type'][] = ['ApiKeyIssued', 'ApiKeyRevoked'];
