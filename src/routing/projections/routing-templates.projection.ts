import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { type RoutingTemplateEvent, routingTemplateEventTypes } from '../domain/routing-template.events.js';

/** Organizations' own templates: listings, the public catalogue, and each organization's default. */
export class RoutingTemplatesProjection implements Projection<RoutingTemplateEvent> {
  readonly name = 'routing_templates';
  readonly mode = 'inline';
  readonly eventTypes = routingTemplateEventTypes;

  async apply(events: readonly Recorded<RoutingTemplateEvent>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const at = event.recordedAt;
      const guard = [event.version, at];
      switch (event.type) {
        case 'RoutingTemplateCreated': {
          const { organizationId, templateId, name, description, rules, isPublic, sourceSquadId } = event.data;
          await tx.query(
            `INSERT INTO routing_templates (template_id, tenant_id, name, description, rules, is_public, source_squad_id, seq, stream_version, created_at, updated_at)
             VALUES ($3, $4, $5, $6, $7, $8, $9, $10, $1, $2, $2) ON CONFLICT (template_id) DO NOTHING`,
            [...guard, templateId, organizationId, name, description, JSON.stringify(rules), isPublic, sourceSquadId, event.position],
          );
          break;
        }
        case 'RoutingTemplateChanged':
          await tx.query(
            `UPDATE routing_templates SET name = $4, description = $5, is_public = $6, stream_version = $1, updated_at = $2
              WHERE template_id = $3 AND stream_version < $1`,
            [...guard, event.data.templateId, event.data.name, event.data.description, event.data.isPublic],
          );
          break;
        case 'RoutingTemplateDefaultSet':
          // Clear first, then set: the unique index allows one default per organization at any moment.
          await tx.query(
            `UPDATE routing_templates SET is_default = false, stream_version = $1, updated_at = $2
              WHERE tenant_id = $3 AND is_default AND stream_version < $1`,
            [...guard, event.data.organizationId],
          );
          if (event.data.templateId) {
            await tx.query(
              `UPDATE routing_templates SET is_default = true, stream_version = $1, updated_at = $2
                WHERE template_id = $3 AND NOT deleted AND stream_version < $1`,
              [...guard, event.data.templateId],
            );
          }
          break;
        case 'RoutingTemplateDeleted':
          await tx.query(
            `UPDATE routing_templates SET deleted = true, is_default = false, stream_version = $1, updated_at = $2
              WHERE template_id = $3 AND stream_version < $1`,
            [...guard, event.data.templateId],
          );
          break;
      }
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM routing_templates');
  }
}
