import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { cutoffOf } from '../domain/retention-schedule.js';
import type { RetentionOutcome } from '../domain/retention.types.js';
import type { RetentionTarget } from './retention-targets.js';

/** Rows deleted per statement: short statements keep locks short on a large backlog. */
const BATCH = 5_000;

/**
 * Deletes a target's rows past each organization's rule (or the default) in batches, for every
 * organization at once or for one. It answers what each organization lost, to be recorded.
 */
@Injectable()
export class RetentionPruner {
  constructor(private readonly db: Database) {}

  async prune(target: RetentionTarget, now: Date, tenantId?: string): Promise<Map<string, RetentionOutcome>> {
    const removed = new Map<string, { days: number; count: number }>();
    const t = target;
    // A rule row decides for its organization (null days: forever); without one, the default does.
    // Each deleted row answers the days that deleted it, so the outcome states the rule applied.
    const sql = `WITH doomed AS (
        SELECT x.ctid, x.${t.tenantColumn}::text AS tenant_id, CASE WHEN r.tenant_id IS NULL THEN $2::int ELSE r.days END AS days
          FROM ${t.table} x
          LEFT JOIN retention_rules r ON r.tenant_id = x.${t.tenantColumn}::text AND r.target = $1
         WHERE ($4::text IS NULL OR x.${t.tenantColumn}::text = $4)
           ${t.condition ? `AND (${t.condition})` : ''}
           AND x.${t.ageColumn} < $3::timestamptz - make_interval(days => CASE WHEN r.tenant_id IS NULL THEN $2::int ELSE r.days END)
         LIMIT ${BATCH}
      )
      DELETE FROM ${t.table} USING doomed WHERE ${t.table}.ctid = doomed.ctid RETURNING doomed.tenant_id, doomed.days`;
    for (;;) {
      const rows = await this.db.query<{ tenant_id: string; days: number }>(sql, [t.name, t.defaultDays, now, tenantId ?? null]);
      for (const row of rows) {
        const kept = removed.get(row.tenant_id) ?? { days: row.days, count: 0 };
        removed.set(row.tenant_id, { days: kept.days, count: kept.count + 1 });
      }
      if (rows.length < BATCH) break;
    }
    const outcomes = new Map<string, RetentionOutcome>();
    for (const [tenant, { days, count }] of removed) {
      outcomes.set(tenant, { target: t.name, days, cutoff: cutoffOf(now, days).toISOString(), removed: count });
    }
    return outcomes;
  }
}
