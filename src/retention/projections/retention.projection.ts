import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type { RetentionEvent } from '../domain/retention.events.js';
import { RETENTION_EVENT_TYPES } from '../domain/retention.events.js';

/**
 * The rules in force (read by every run's DELETE, so inline: a rule set is obeyed by the next run)
 * and each target's run totals. Totals move only for an event past the row's position: a replay
 * adds nothing twice.
 */
export class RetentionProjection extends PerEventProjection<RetentionEvent> {
  readonly name = 'retention';
  readonly mode = 'inline';
  readonly eventTypes = RETENTION_EVENT_TYPES;

  protected async applyEvent(event: Recorded<RetentionEvent>, tx: Sql): Promise<void> {
    switch (event.type) {
      case 'RetentionRulesSet': {
        const { organizationId, rules, by, at } = event.data;
        await tx.query(`DELETE FROM retention_rules WHERE tenant_id = $1`, [organizationId]);
        for (const rule of rules)
          await tx.query(`INSERT INTO retention_rules (tenant_id, target, days, set_at, set_by) VALUES ($1, $2, $3, $4, $5)`, [
            organizationId,
            rule.target,
            rule.days,
            at,
            JSON.stringify(by),
          ]);
        return;
      }
      case 'RetentionApplied': {
        const d = event.data;
        await tx.query(
          `INSERT INTO retention_runs (tenant_id, target, last_run_at, last_cutoff, last_removed, total_removed, position)
           VALUES ($1, $2, $3, $4, $5::int, $5::int, $6)
           ON CONFLICT (tenant_id, target) DO UPDATE
             SET last_run_at = $3, last_cutoff = $4, last_removed = $5::int,
                 total_removed = retention_runs.total_removed + $5::int, position = $6
             WHERE retention_runs.position < $6`,
          [d.organizationId, d.target, d.at, d.cutoff, d.removed, event.position],
        );
        return;
      }
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query(`TRUNCATE retention_rules, retention_runs`);
  }
}
