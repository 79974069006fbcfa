import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { type SquadEvent, squadEventTypes } from '../domain/squad.events.js';

/**
 * `squads` and `squad_members`. Each event after SquadCreated first moves the squad row to the
 * event's version; it changes members only if that moved it, so a replayed event changes nothing.
 */
export class SquadsProjection extends PerEventProjection<SquadEvent> {
  readonly name = 'squads';
  readonly mode = 'inline';
  readonly eventTypes = squadEventTypes;

  protected async applyEvent(event: Recorded<SquadEvent>, tx: Sql): Promise<void> {
    if (event.type === 'SquadCreated') {
      const { squadId, organizationId, name, description, createdAt } = event.data;
      await tx.query(
        `INSERT INTO squads (id, organization_id, name, description, version, created_position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING`,
        [squadId, organizationId, name, description, event.version, event.position, createdAt],
      );
      return;
    }
    const moved = await tx.query(
      `UPDATE squads SET version = $2, updated_at = $3,
              name = coalesce($4, name), description = coalesce($5, description)
        WHERE id = $1 AND version < $2 RETURNING organization_id`,
      [
        event.data.squadId,
        event.version,
        event.recordedAt,
        event.type === 'SquadUpdated' ? (event.data.name ?? null) : null,
        event.type === 'SquadUpdated' ? (event.data.description ?? null) : null,
      ],
    );
    if (moved.length === 0) return;
    const organizationId = (moved[0] as { organization_id: string }).organization_id;
    if (event.type === 'SquadMemberAdded') {
      const { squadId, memberId, kind, role, displayName, agentSlug, addedAt } = event.data;
      await tx.query(
        `INSERT INTO squad_members (id, squad_id, organization_id, kind, role, display_name, agent_slug, added_position, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [memberId, squadId, organizationId, kind, role, displayName, agentSlug, event.position, addedAt],
      );
    } else if (event.type === 'SquadMemberRemoved') {
      await tx.query('DELETE FROM squad_members WHERE id = $1 AND squad_id = $2', [event.data.memberId, event.data.squadId]);
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM squad_members');
    await tx.query('DELETE FROM squads');
  }
}
