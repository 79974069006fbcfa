import type { Plan } from '../domain/organization.events.js';
import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { MemberKind } from '../domain/squad.events.js';

export interface OrganizationView {
  id: string;
  name: string;
  plan: Plan;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SquadView {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MemberView {
  id: string;
  squadId: string;
  kind: MemberKind;
  role: string;
  displayName: string;
  agentSlug: string | null;
  addedAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  memberId: string | null;
  prefix: string;
  issuedAt: string;
  revokedAt: string | null;
}
