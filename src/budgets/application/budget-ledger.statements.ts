import type { QueryResultRow } from 'pg';
import type { Database } from '../../platform/database/database.js';

/**
 * The ledger's statements: `budget_spend` (one row per budget and period: spent, reserved) and
 * `budget_reservations` (one row per reservation in flight, with its holder and expiry).
 *
 * Each commits without waiting for its WAL flush (synchronous_commit off for its own transaction
 * only): the flush is most of a write's cost (~3 ms of ~3.3 ms measured), and a check on every call
 * must stay well under a millisecond. What is committed is visible to every replica at once and
 * survives app restarts; a crash of Postgres itself may lose the last fraction of a second of
 * reservations and settlements (wal_writer_delay), i.e. a few calls' spend. Accepted: the usage
 * ledger (llm_usage) keeps the exact figures.
 */
const RELAXED_COMMIT = `SELECT set_config('synchronous_commit', 'off', true)`;

/**
 * One statement reserves the estimate on every budget that applies to the call (its organization's,
 * its squad's, its agent's), creating the period's row on first use, and records the reservation
 * with its holder and expiry. The upsert's conditions are checked on the row as locked, so
 * concurrent calls (in any process) see each other's reservations: with
 * `spent + reserved + estimate <= limit` no set of calls overshoots a limit by more than what their
 * actual spend exceeds their estimates. Budgets that refuse are reported; `alert` ones never do.
 * Each budget's period comes back as `day` or `month` (the caller knows their starts: no dates to
 * parse on the call's path). Rows are taken in budget id order, as settlements and sweeps sort theirs, so that they do not
 * lock the rows of a call's budgets in opposite orders (a settlement that still loses a deadlock is
 * written again with the next batch).
 */
export const RESERVE = `
  WITH relaxed AS (${RELAXED_COMMIT}), applicable AS (
    SELECT budget_id, mode, period, limit_usd, limit_tokens,
           CASE period WHEN 'day' THEN $4::timestamptz ELSE $5::timestamptz END AS period_start
      FROM budgets
     WHERE tenant_id = $1
       AND (scope = 'organization' OR (scope = 'squad' AND scope_id = $2) OR (scope = 'agent' AND scope_id = $3))
  ), reserved AS (
    INSERT INTO budget_spend AS s (tenant_id, budget_id, period_start, reserved_usd, reserved_tokens, limit_usd, limit_tokens, enforced)
    SELECT $1, budget_id, period_start, $6::numeric, $7::bigint, limit_usd, limit_tokens, mode <> 'alert'
      FROM applicable
     WHERE mode = 'alert' OR ((limit_usd IS NULL OR $6::numeric <= limit_usd) AND (limit_tokens IS NULL OR $7::bigint <= limit_tokens))
     ORDER BY budget_id
    ON CONFLICT (tenant_id, budget_id, period_start) DO UPDATE
       SET reserved_usd = s.reserved_usd + excluded.reserved_usd, reserved_tokens = s.reserved_tokens + excluded.reserved_tokens,
           limit_usd = excluded.limit_usd, limit_tokens = excluded.limit_tokens, enforced = excluded.enforced
     WHERE NOT excluded.enforced
        OR ((excluded.limit_usd IS NULL OR s.spent_usd + s.reserved_usd + excluded.reserved_usd <= excluded.limit_usd)
            AND (excluded.limit_tokens IS NULL OR s.spent_tokens + s.reserved_tokens + excluded.reserved_tokens <= excluded.limit_tokens))
    RETURNING budget_id, period_start
  ), held AS (
    INSERT INTO budget_reservations (reservation_id, budget_id, tenant_id, period_start, reserved_usd, reserved_tokens, holder, expires_at)
    SELECT $8::uuid, budget_id, $1, period_start, $6::numeric, $7::bigint, $9, $10::timestamptz FROM reserved
  )
  SELECT a.budget_id, a.mode, a.period, r.budget_id IS NOT NULL AS reserved, a.limit_usd::text, a.limit_tokens::text
    FROM applicable a
    CROSS JOIN relaxed
    LEFT JOIN reserved r USING (budget_id)`;

/** The spend so far of budgets that refused a call, for the refusal's message and announcement (off the common path). */
export const SPENT = `
  SELECT budget_id, spent_usd::text, spent_tokens::text FROM budget_spend
   WHERE tenant_id = $1 AND (budget_id, period_start) IN (SELECT * FROM unnest($2::text[], $3::timestamptz[]))`;

/**
 * Settles a batch of reservations: each one's row is deleted and its estimate taken off
 * `reserved_*`, its actual spend added to `spent_*`, summed per budget row. A reservation the sweep
 * already gave back has no row left: its spend is counted, its estimate not taken off twice.
 * Returns, per budget row, what a threshold check needs.
 */
export const SETTLE = `
  WITH relaxed AS (${RELAXED_COMMIT}), settled AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::bigint[])
      AS k(reservation_id, tenant_id, budget_id, period_start, spent_usd, spent_tokens)
  ), released AS (
    DELETE FROM budget_reservations r USING settled k
     WHERE r.reservation_id = k.reservation_id AND r.budget_id = k.budget_id
    RETURNING r.tenant_id, r.budget_id, r.period_start, r.reserved_usd, r.reserved_tokens
  ), changes AS (
    SELECT tenant_id, budget_id, period_start, spent_usd, spent_tokens, 0::numeric AS reserved_usd, 0::bigint AS reserved_tokens FROM settled
    UNION ALL
    SELECT tenant_id, budget_id, period_start, 0::numeric, 0::bigint, reserved_usd, reserved_tokens FROM released
  ), totals AS (
    SELECT tenant_id, budget_id, period_start, sum(spent_usd) AS spent_usd, sum(spent_tokens) AS spent_tokens,
           sum(reserved_usd) AS reserved_usd, sum(reserved_tokens) AS reserved_tokens
      FROM changes CROSS JOIN relaxed
     GROUP BY tenant_id, budget_id, period_start
     ORDER BY tenant_id, budget_id, period_start
  )
  UPDATE budget_spend s
     SET reserved_usd = greatest(0, s.reserved_usd - t.reserved_usd), reserved_tokens = greatest(0, s.reserved_tokens - t.reserved_tokens),
         spent_usd = s.spent_usd + t.spent_usd, spent_tokens = s.spent_tokens + t.spent_tokens
    FROM totals t
   WHERE s.tenant_id = t.tenant_id AND s.budget_id = t.budget_id AND s.period_start = t.period_start
  RETURNING s.tenant_id, s.budget_id, s.period_start,
            (s.spent_usd - t.spent_usd)::text AS before_usd, (s.spent_tokens - t.spent_tokens)::text AS before_tokens,
            s.spent_usd::text, s.spent_tokens::text, s.limit_usd::text, s.limit_tokens::text,
            (SELECT b.thresholds FROM budgets b WHERE b.tenant_id = s.tenant_id AND b.budget_id = s.budget_id) AS thresholds`;

/**
 * Gives back the reservations whose holder did not settle them in time (it died). Safe on every
 * replica at once: a reservation's row is deleted by one statement only (this sweep, another
 * replica's, or its settlement), and that statement alone takes its estimate off.
 */
export const SWEEP = `
  WITH relaxed AS (${RELAXED_COMMIT}), expired AS (
    DELETE FROM budget_reservations WHERE expires_at <= $1::timestamptz
    RETURNING tenant_id, budget_id, period_start, reserved_usd, reserved_tokens, holder
  ), totals AS (
    SELECT tenant_id, budget_id, period_start, sum(reserved_usd) AS reserved_usd, sum(reserved_tokens) AS reserved_tokens
      FROM expired CROSS JOIN relaxed
     GROUP BY tenant_id, budget_id, period_start
     ORDER BY tenant_id, budget_id, period_start
  ), released AS (
    UPDATE budget_spend s
       SET reserved_usd = greatest(0, s.reserved_usd - t.reserved_usd), reserved_tokens = greatest(0, s.reserved_tokens - t.reserved_tokens)
      FROM totals t
     WHERE s.tenant_id = t.tenant_id AND s.budget_id = t.budget_id AND s.period_start = t.period_start
  )
  SELECT count(*)::int AS reservations, coalesce(array_agg(DISTINCT holder), '{}') AS holders FROM expired`;

/**
 * The ledger statements run as named (prepared) statements: each connection plans them once, which
 * is most of their cost otherwise (the reservation's plan takes longer than its execution).
 */
export async function prepared<R extends QueryResultRow>(db: Database, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await db.pool.query<R>({ name, text, values })).rows;
}
