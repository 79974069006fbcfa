import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type { AgentSpec } from '../domain/agent-spec.js';
import { AGENT_DEFINITION_EVENT_TYPES, type AgentDefinitionEvent } from '../domain/agent-definition.events.js';
import type { AgentVersionStatus } from '../domain/agent-definition.state.js';
import { currentVersion } from './current-version.js';
import { tenantOf } from './tenant-of.js';

/** Text that full-text search looks in: who the agent is and what it does. */
export function searchableText(spec: AgentSpec): string {
  return [spec.slug, spec.name, spec.role, spec.description ?? '', spec.persona, ...spec.goals, ...spec.skills].join('\n');
}

/** Agent versions as rows, inline so a registered version is listed the moment the request returns. */
export class AgentVersionsProjection extends PerEventProjection<AgentDefinitionEvent> {
  readonly name = 'registry.agent_versions';
  readonly mode = 'inline';
  readonly eventTypes = AGENT_DEFINITION_EVENT_TYPES;

  protected async applyEvent(event: Recorded<AgentDefinitionEvent>, tx: Sql): Promise<void> {
    const tenantId = tenantOf(event);
    const slug = await this.applyOne(tx, tenantId, event, event.position);
    await this.markCurrent(tx, tenantId, slug);
  }

  private async applyOne(tx: Sql, tenantId: string, event: AgentDefinitionEvent, position: number): Promise<string> {
    switch (event.type) {
      case 'AgentVersionRegistered': {
        const { spec, registeredAt } = event.data;
        await tx.query(
          `INSERT INTO registry_agent_versions (tenant_id, slug, version, status, name, role, skills, spec, search, registered_at, registered_position)
           VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, to_tsvector('simple', $8), $9, $10)
           ON CONFLICT (tenant_id, slug, version) DO NOTHING`,
          [
            tenantId,
            spec.slug,
            spec.version,
            spec.name,
            spec.role,
            spec.skills,
            JSON.stringify(spec),
            searchableText(spec),
            registeredAt,
            position,
          ],
        );
        return spec.slug;
      }
      case 'AgentVersionPublished':
        await tx.query(
          `UPDATE registry_agent_versions SET status = 'published', published_at = $4 WHERE tenant_id = $1 AND slug = $2 AND version = $3`,
          [tenantId, event.data.slug, event.data.version, event.data.publishedAt],
        );
        return event.data.slug;
      case 'AgentVersionDeprecated':
        await tx.query(
          `UPDATE registry_agent_versions SET status = 'deprecated', deprecated_at = $4, deprecation_reason = $5
            WHERE tenant_id = $1 AND slug = $2 AND version = $3`,
          [tenantId, event.data.slug, event.data.version, event.data.deprecatedAt, event.data.reason],
        );
        return event.data.slug;
      case 'AgentDraftDeleted':
        await tx.query(`DELETE FROM registry_agent_versions WHERE tenant_id = $1 AND slug = $2 AND version = $3`, [
          tenantId,
          event.data.slug,
          event.data.version,
        ]);
        return event.data.slug;
    }
  }

  private async markCurrent(tx: Sql, tenantId: string, slug: string): Promise<void> {
    const versions = await tx.query<{ version: string; status: AgentVersionStatus }>(
      `SELECT version, status FROM registry_agent_versions WHERE tenant_id = $1 AND slug = $2`,
      [tenantId, slug],
    );
    await tx.query(
      `UPDATE registry_agent_versions SET is_current = (version = $3)
        WHERE tenant_id = $1 AND slug = $2 AND is_current IS DISTINCT FROM (version = $3)`,
      [tenantId, slug, currentVersion(versions)],
    );
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM registry_agent_versions');
  }
}
