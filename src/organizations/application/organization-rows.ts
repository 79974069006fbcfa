import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { Plan } from '../domain/organization.events.js';
import type { MemberKind } from '../domain/squad.events.js';
import type { ApiKeyView, MemberView, OrganizationView, SquadView } from './views.js';

// The rows of the organizations read models (see projections/) and their views.
export interface OrganizationRow {
  id: string;
  name: string;
  plan: Plan;
  version: number;
  created_at: Date;
  updated_at: Date;
}
export interface SquadRow {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  version: number;
  created_position: string;
  created_at: Date;
  updated_at: Date;
}
export interface MemberRow {
  id: string;
  squad_id: string;
  kind: MemberKind;
  role: string;
  display_name: string;
  agent_slug: string | null;
  added_position: string;
  added_at: Date;
}
export interface ApiKeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  member_id: string | null;
  key_prefix: string;
  issued_position: string;
  issued_at: Date;
  revoked_at: Date | null;
}

const iso = (date: Date) => new Date(date).toISOString();

export const organizationView = (row: OrganizationRow): OrganizationView => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  version: row.version,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});
export const squadView = (row: SquadRow): SquadView => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  description: row.description,
  version: row.version,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});
export const memberView = (row: MemberRow): MemberView => ({
  id: row.id,
  squadId: row.squad_id,
  kind: row.kind,
  role: row.role,
  displayName: row.display_name,
  agentSlug: row.agent_slug,
  addedAt: iso(row.added_at),
});
export const apiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  memberId: row.member_id,
  prefix: row.key_prefix,
  issuedAt: iso(row.issued_at),
  revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
});
