import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { Database } from '../../platform/database/database.js';
import { type OrganizationRow, organizationView } from './organization-rows.js';
import { GetOrganizationQuery } from './get-organization.query.js';
import type { OrganizationView } from './views.js';

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
