import { Query } from '@nestjs/cqrs';
import type { ApiKeyView, MemberView, OrganizationView, SquadView } from './views.js';

export interface PageRequest {
  after: number;
  limit: number;
}

/** Reads of one organization (the caller's tenant); anything of another answers not found. */
export class GetOrganizationQuery extends Query<OrganizationView> {
  constructor(
    readonly tenantId: string,
    readonly organizationId: string,
  ) {
    super();
  }
}

export class ListSquadsQuery extends Query<{ key: number; view: SquadView }[]> {
  constructor(
    readonly tenantId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

export class GetSquadQuery extends Query<SquadView> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}

export class ListSquadMembersQuery extends Query<{ key: number; view: MemberView }[]> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** Every member of a squad, in the order they were added; NotFoundError when the squad is not the tenant's. */
export class GetSquadMembersQuery extends Query<MemberView[]> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}

export class GetSquadMemberQuery extends Query<MemberView> {
  constructor(
    readonly tenantId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

export class ListApiKeysQuery extends Query<{ key: number; view: ApiKeyView }[]> {
  constructor(
    readonly tenantId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

export class GetApiKeyQuery extends Query<ApiKeyView> {
  constructor(
    readonly tenantId: string,
    readonly keyId: string,
  ) {
    super();
  }
}
