import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { type OrganizationEvent, organizationEventTypes } from '../domain/organization.events.js';

/** `organizations`: one row per organization, at its stream version (idempotent by version). */
export class OrganizationsProjection extends PerEventProjection<OrganizationEvent> {
  readonly name = 'organizations';
  readonly mode = 'inline';
  readonly eventTypes = organizationEventTypes;

  protected async applyEvent(event: Recorded<OrganizationEvent>, tx: Sql): Promise<void> {
    switch (event.type) {
      case 'OrganizationCreated':
        await tx.query(
          `INSERT INTO organizations (id, name, plan, version, created_position, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING`,
          [event.data.organizationId, event.data.name, event.data.plan, event.version, event.position, event.data.createdAt],
        );
        break;
      case 'OrganizationUpdated':
        await tx.query(
          `UPDATE organizations SET name = coalesce($2, name), plan = coalesce($3, plan), version = $4, updated_at = $5
            WHERE id = $1 AND version < $4`,
          [event.data.organizationId, event.data.name ?? null, event.data.plan ?? null, event.version, event.data.updatedAt],
        );
        break;
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM organizations');
  }
}
