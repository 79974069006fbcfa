import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { InteractionSettingsEvent } from '../domain/interaction-settings.decider.js';

/** Each squad's interaction settings; a squad without a row uses the defaults. */
export class InteractionSettingsProjection implements Projection<InteractionSettingsEvent> {
  readonly name = 'routing_interaction_settings';
  readonly mode = 'inline';
  readonly eventTypes = ['InteractionSettingsChanged'] as const;

  async apply(events: readonly Recorded<InteractionSettingsEvent>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const { organizationId, squadId, settings } = event.data;
      await tx.query(
        `INSERT INTO routing_interaction_settings (squad_id, tenant_id, first_timeout_seconds, follow_up_timeout_seconds, max_level,
                     acknowledgement_template, follow_up_template, escalation_notice_template, stream_version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (squad_id) DO UPDATE SET
                first_timeout_seconds = excluded.first_timeout_seconds, follow_up_timeout_seconds = excluded.follow_up_timeout_seconds,
                max_level = excluded.max_level, acknowledgement_template = excluded.acknowledgement_template,
                follow_up_template = excluded.follow_up_template, escalation_notice_template = excluded.escalation_notice_template,
                stream_version = excluded.stream_version, updated_at = excluded.updated_at
          WHERE routing_interaction_settings.stream_version < excluded.stream_version`,
        [
          squadId,
          organizationId,
          settings.firstTimeoutSeconds,
          settings.followUpTimeoutSeconds,
          settings.maxLevel,
          settings.acknowledgementTemplate,
          settings.followUpTemplate,
          settings.escalationNoticeTemplate,
          event.version,
          event.recordedAt,
        ],
      );
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM routing_interaction_settings');
  }
}
