import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { AGENT_INSTANCE_EVENT_TYPES, type AgentInstanceEvent } from '../domain/agent-instance.events.js';
import { tenantOf } from './tenant-of.js';

/** Instances and their triggers, inline: the intake reads the active ones to route each event. */
export class AgentInstancesProjection extends PerEventProjection<AgentInstanceEvent> {
  readonly name = 'registry.instances';
  readonly mode = 'inline';
  readonly eventTypes = AGENT_INSTANCE_EVENT_TYPES;

  protected async applyEvent(event: Recorded<AgentInstanceEvent>, tx: Sql): Promise<void> {
    const tenantId = tenantOf(event);
    if (event.type === 'AgentInstanceStarted') {
      const { instanceId, slug, version, triggers, priority, startedAt } = event.data;
      await tx.query(
        `INSERT INTO registry_instances (tenant_id, instance_id, slug, version, lifecycle, triggers, priority, started_at, position, updated_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $7) ON CONFLICT (tenant_id, instance_id) DO NOTHING`,
        [tenantId, instanceId, slug, version, JSON.stringify(triggers), priority, startedAt, event.position],
      );
      return;
    }
    const [lifecycle, at] =
      event.type === 'AgentInstancePaused'
        ? ['paused', event.data.pausedAt]
        : event.type === 'AgentInstanceResumed'
          ? ['active', event.data.resumedAt]
          : ['stopped', event.data.stoppedAt];
    await tx.query(
      `UPDATE registry_instances SET lifecycle = $3, updated_at = $4, stopped_at = CASE WHEN $3 = 'stopped' THEN $4::timestamptz END
        WHERE tenant_id = $1 AND instance_id = $2`,
      [tenantId, event.data.instanceId, lifecycle, at],
    );
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM registry_instances');
  }
}
