import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from './views.js';

/** Reads of one organization (the caller's tenant); anything of another answers not found. */
export class GetOrganizationQuery extends Query<OrganizationView> {
  constructor(
    readonly tenantId: string,
    readonly organizationId: string,
  ) {
    super();
  }
}
