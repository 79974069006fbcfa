import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { Plan } from '../domain/organization.events.js';
import type { MemberKind } from '../domain/squad.events.js';
import {
  GetApiKeyQuery,
  GetOrganizationQuery,
  GetSquadMemberQuery,
  GetSquadMembersQuery,
  GetSquadQuery,
  ListApiKeysQuery,
  ListSquadMembersQuery,
  ListSquadsQuery,
} from './organizations.queries.js';
import type { ApiKeyView, MemberView, OrganizationView, SquadView } from './views.js';

interface OrganizationRow {
  id: string;
  name: string;
  plan: Plan;
  version: number;
  created_at: Date;
  updated_at: Date;
}
interface SquadRow {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  version: number;
  created_position: string;
  created_at: Date;
  updated_at: Date;
}
interface MemberRow {
  id: string;
  squad_id: string;
  kind: MemberKind;
  role: string;
  display_name: string;
  agent_slug: string | null;
  added_position: string;
  added_at: Date;
}
interface ApiKeyRow {
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

const organizationView = (row: OrganizationRow): OrganizationView => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  version: row.version,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});
const squadView = (row: SquadRow): SquadView => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  description: row.description,
  version: row.version,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});
const memberView = (row: MemberRow): MemberView => ({
  id: row.id,
  squadId: row.squad_id,
  kind: row.kind,
  role: row.role,
  displayName: row.display_name,
  agentSlug: row.agent_slug,
  addedAt: iso(row.added_at),
});
const apiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  memberId: row.member_id,
  prefix: row.key_prefix,
  issuedAt: iso(row.issued_at),
  revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
});

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, organizationId }: GetOrganizationQuery): Promise<OrganizationView> {
    if (organizationId !== tenantId) throw new NotFoundError('organization', organizationId);
    const [row] = await this.db.query<OrganizationRow>('SELECT * FROM organizations WHERE id = $1', [organizationId]);
    if (!row) throw new NotFoundError('organization', organizationId);
    return organizationView(row);
  }
}

@QueryHandler(ListSquadsQuery)
export class ListSquadsHandler implements IQueryHandler<ListSquadsQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, page }: ListSquadsQuery) {
    const rows = await this.db.query<SquadRow>(
      'SELECT * FROM squads WHERE organization_id = $1 AND created_position > $2 ORDER BY created_position LIMIT $3',
      [tenantId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.created_position), view: squadView(row) }));
  }
}

@QueryHandler(GetSquadQuery)
export class GetSquadHandler implements IQueryHandler<GetSquadQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId }: GetSquadQuery): Promise<SquadView> {
    const [row] = await this.db.query<SquadRow>('SELECT * FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!row) throw new NotFoundError('squad', squadId);
    return squadView(row);
  }
}

@QueryHandler(ListSquadMembersQuery)
export class ListSquadMembersHandler implements IQueryHandler<ListSquadMembersQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId, page }: ListSquadMembersQuery) {
    const [squad] = await this.db.query('SELECT 1 FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!squad) throw new NotFoundError('squad', squadId);
    const rows = await this.db.query<MemberRow>(
      'SELECT * FROM squad_members WHERE squad_id = $1 AND added_position > $2 ORDER BY added_position LIMIT $3',
      [squadId, page.after, page.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.added_position), view: memberView(row) }));
  }
}

@QueryHandler(GetSquadMembersQuery)
export class GetSquadMembersHandler implements IQueryHandler<GetSquadMembersQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, squadId }: GetSquadMembersQuery): Promise<MemberView[]> {
    const [squad] = await this.db.query('SELECT 1 FROM squads WHERE id = $1 AND organization_id = $2', [squadId, tenantId]);
    if (!squad) throw new NotFoundError('squad', squadId);
    const rows = await this.db.query<MemberRow>('SELECT * FROM squad_members WHERE squad_id = $1 ORDER BY added_position', [squadId]);
    return rows.map(memberView);
  }
}

@QueryHandler(GetSquadMemberQuery)
export class GetSquadMemberHandler implements IQueryHandler<GetSquadMemberQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, memberId }: GetSquadMemberQuery): Promise<MemberView> {
    const [row] = await this.db.query<MemberRow>('SELECT * FROM squad_members WHERE id = $1 AND organization_id = $2', [
      memberId,
      tenantId,
    ]);
    if (!row) throw new NotFoundError('member', memberId);
    return memberView(row);
  }
}

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

@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, keyId }: GetApiKeyQuery): Promise<ApiKeyView> {
    const [row] = await this.db.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1 AND organization_id = $2', [keyId, tenantId]);
    if (!row) throw new NotFoundError('API key', keyId);
    return apiKeyView(row);
  }
}

export const queryHandlers = [
  GetOrganizationHandler,
  ListSquadsHandler,
  GetSquadHandler,
  ListSquadMembersHandler,
  GetSquadMemberHandler,
  GetSquadMembersHandler,
  ListApiKeysHandler,
  GetApiKeyHandler,
];
