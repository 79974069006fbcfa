import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { cutoffOf, effectiveDays } from '../domain/retention-schedule.js';
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
    const rules = await this.db.query<{ tenant_id: string; days: number | null }>(
      `SELECT tenant_id, days FROM retention_rules WHERE target = $1 AND ($2::text IS NULL OR tenant_id = $2)`,
      [target.name, tenantId ?? null],
    );
    const rulesOf = new Map(rules.map((rule) => [rule.tenant_id, [{ target: target.name, days: rule.days }]]));
    const removed = new Map<string, number>();
    const t = target;
    // A rule row decides for its organization (null days: forever); without one, the default does.
    const days = `CASE WHEN r.tenant_id IS NULL THEN $2::int ELSE r.days END`;
    const sql = `DELETE FROM ${t.table} WHERE ctid IN (
        SELECT x.ctid FROM ${t.table} x
        LEFT JOIN retention_rules r ON r.tenant_id = x.${t.tenantColumn}::text AND r.target = $1
        WHERE ${days} IS NOT NULL
          AND x.${t.ageColumn} < $3::timestamptz - make_interval(days => ${days})
          AND ($4::text IS NULL OR x.${t.tenantColumn}::text = $4)
          ${t.condition ? `AND (${t.condition})` : ''}
        LIMIT ${BATCH}
      ) RETURNING ${t.tenantColumn}::text AS tenant_id`;
    for (;;) {
      const rows = await this.db.query<{ tenant_id: string }>(sql, [t.name, t.defaultDays, now, tenantId ?? null]);
      for (const row of rows) removed.set(row.tenant_id, (removed.get(row.tenant_id) ?? 0) + 1);
      if (rows.length < BATCH) break;
    }
    const outcomes = new Map<string, RetentionOutcome>();
    for (const [tenant, count] of removed) {
      const kept = effectiveDays(rulesOf.get(tenant) ?? [], t.name, t.defaultDays);
      if (kept === null) continue; // cannot happen: a forever rule deletes nothing
      outcomes.set(tenant, { target: t.name, days: kept, cutoff: cutoffOf(now, kept).toISOString(), removed: count });
    }
    return outcomes;
  }
}
