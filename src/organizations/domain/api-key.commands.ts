import type { ApiKeyRole } from './api-key.events.js';

export type IssueApiKey = {
  type: 'IssueApiKey';
  keyId: string;
  organizationId: string;
  name: string;
  role: ApiKeyRole;
  /** The member the key acts as, and its kind as the caller looked it up in the same organization. */
  member: { id: string; kind: 'agent' | 'human' } | null;
  keyHash: string;
  keyPrefix: string;
  now: string;
};
export type RevokeApiKey = { type: 'RevokeApiKey'; now: string };
export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
