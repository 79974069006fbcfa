import { Inject, Injectable } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { Database } from '../../platform/database/database.js';
import type { BudgetCharge, BudgetGuard, BudgetReservation, BudgetVerdict, Spend } from '../../platform/llm/index.js';
import { crossedThresholds, usedFraction } from '../domain/budget-limits.js';
import { periodStart } from '../domain/budget-period.js';
import type { BudgetMode, BudgetSpend } from '../domain/budget.types.js';
import { BudgetAnnouncer } from './budget-announcer.js';

interface ApplicableRow {
  budget_id: string;
  mode: BudgetMode;
  period_start: Date;
  reserved: boolean;
  spent_usd: string | null;
  spent_tokens: string | null;
  limit_usd: string | null;
  limit_tokens: string | null;
}

interface SettledRow {
  budget_id: string;
  period_start: Date;
  before_usd: string;
  before_tokens: string;
  spent_usd: string;
  spent_tokens: string;
  limit_usd: string | null;
  limit_tokens: string | null;
  thresholds: number[];
}

/**
 * Each ledger statement commits without waiting for its WAL flush (synchronous_commit off for its
 * own transaction only): the flush is most of a write's cost (~3 ms of ~3.3 ms here), and a check
 * on every call must stay well under a millisecond. What is committed is visible to every replica
 * at once and survives app restarts; a crash of Postgres itself may lose the last fraction of a
 * second of reservations and settlements (wal_writer_delay), i.e. a few calls' spend. Accepted:
 * the usage ledger (llm_usage) keeps the exact figures.
 */
const RELAXED_COMMIT = `SELECT set_config('synchronous_commit', 'off', true)`;

/**
 * One statement reserves the estimate on every budget that applies to the call (its organization's,
 * its squad's, its agent's), creating the period's row on first use. The upsert's conditions are
 * checked on the row as locked, so concurrent calls (in any process) see each other's reservations:
 * with `spent + reserved + estimate <= limit` no set of calls overshoots a limit by more than what
 * their actual spend exceeds their estimates. Budgets that refuse are reported; `alert` ones never do.
 */
const RESERVE = `
  WITH relaxed AS (${RELAXED_COMMIT}), applicable AS (
    SELECT budget_id, mode, limit_usd, limit_tokens,
           CASE period WHEN 'day' THEN $4::timestamptz ELSE $5::timestamptz END AS period_start
      FROM budgets
     WHERE tenant_id = $1
       AND (scope = 'organization' OR (scope = 'squad' AND scope_id = $2) OR (scope = 'agent' AND scope_id = $3))
  ), reserved AS (
    INSERT INTO budget_spend AS s (tenant_id, budget_id, period_start, reserved_usd, reserved_tokens, limit_usd, limit_tokens, enforced)
    SELECT $1, budget_id, period_start, $6::numeric, $7::bigint, limit_usd, limit_tokens, mode <> 'alert'
      FROM applicable
     WHERE mode = 'alert' OR ((limit_usd IS NULL OR $6::numeric <= limit_usd) AND (limit_tokens IS NULL OR $7::bigint <= limit_tokens))
    ON CONFLICT (tenant_id, budget_id, period_start) DO UPDATE
       SET reserved_usd = s.reserved_usd + excluded.reserved_usd, reserved_tokens = s.reserved_tokens + excluded.reserved_tokens,
           limit_usd = excluded.limit_usd, limit_tokens = excluded.limit_tokens, enforced = excluded.enforced
     WHERE NOT excluded.enforced
        OR ((excluded.limit_usd IS NULL OR s.spent_usd + s.reserved_usd + excluded.reserved_usd <= excluded.limit_usd)
            AND (excluded.limit_tokens IS NULL OR s.spent_tokens + s.reserved_tokens + excluded.reserved_tokens <= excluded.limit_tokens))
    RETURNING budget_id
  )
  SELECT a.budget_id, a.mode, a.period_start, r.budget_id IS NOT NULL AS reserved,
         s.spent_usd::text, s.spent_tokens::text, a.limit_usd::text, a.limit_tokens::text
    FROM applicable a
    CROSS JOIN relaxed
    LEFT JOIN reserved r USING (budget_id)
    LEFT JOIN budget_spend s ON s.tenant_id = $1 AND s.budget_id = a.budget_id AND s.period_start = a.period_start`;

/** The estimate out, the actual in; returns what a threshold check needs. */
const SETTLE = `
  UPDATE budget_spend s
     SET reserved_usd = greatest(0, s.reserved_usd - $4::numeric), reserved_tokens = greatest(0, s.reserved_tokens - $5::bigint),
         spent_usd = s.spent_usd + $6::numeric, spent_tokens = s.spent_tokens + $7::bigint
    FROM budgets b, unnest($2::text[], $3::timestamptz[]) AS k(budget_id, period_start), (${RELAXED_COMMIT}) relaxed
   WHERE s.tenant_id = $1 AND s.budget_id = k.budget_id AND s.period_start = k.period_start
     AND b.tenant_id = $1 AND b.budget_id = k.budget_id
  RETURNING s.budget_id, s.period_start, (s.spent_usd - $6::numeric)::text AS before_usd, (s.spent_tokens - $7::bigint)::text AS before_tokens,
            s.spent_usd::text, s.spent_tokens::text, s.limit_usd::text, s.limit_tokens::text, b.thresholds`;

const RELEASE = `
  UPDATE budget_spend s
     SET reserved_usd = greatest(0, s.reserved_usd - $4::numeric), reserved_tokens = greatest(0, s.reserved_tokens - $5::bigint)
    FROM unnest($2::text[], $3::timestamptz[]) AS k(budget_id, period_start), (${RELAXED_COMMIT}) relaxed
   WHERE s.tenant_id = $1 AND s.budget_id = k.budget_id AND s.period_start = k.period_start`;

/**
 * The ledger statements run as named (prepared) statements: each connection plans them once, which
 * is most of their cost otherwise (the reservation's plan takes longer than its execution).
 */
async function prepared<R extends QueryResultRow>(db: Database, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await db.pool.query<R>({ name, text, values })).rows;
}

const num = (value: string | null): number | null => (value === null ? null : Number(value));

/** The budgets module's side of the gateway's budget check: reservations in Postgres, announcements as events. */
@Injectable()
export class PostgresBudgetGuard implements BudgetGuard {
  /** Refusals already announced by this process: the decider dedupes too, this spares it the reads. */
  private readonly refusalsAnnounced = new Set<string>();
  private readonly exhaustionsAnnounced = new Set<string>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BudgetAnnouncer) private readonly announcer: Pick<BudgetAnnouncer, 'announce'>,
  ) {}

  async reserve(charge: BudgetCharge): Promise<BudgetVerdict> {
    const { tenantId, scope, estimate, now } = charge;
    const rows = await prepared<ApplicableRow>(this.db, 'budget_reserve', RESERVE, [
      tenantId,
      scope?.squadId ?? null,
      scope?.agentSlug ?? null,
      periodStart('day', now),
      periodStart('month', now),
      estimate.costUsd,
      Math.ceil(estimate.tokens),
    ]);
    const reserved = rows.filter((row) => row.reserved);
    const refusing = rows.filter((row) => !row.reserved);
    const keys = { ids: reserved.map((row) => row.budget_id), periods: reserved.map((row) => row.period_start) };
    if (refusing.length === 0) return { kind: 'allow', reservation: this.reservation(charge, keys) };
    if (keys.ids.length > 0)
      await prepared(this.db, 'budget_release', RELEASE, [tenantId, keys.ids, keys.periods, estimate.costUsd, Math.ceil(estimate.tokens)]);
    const refusal = refusing.find((row) => row.mode === 'block') ?? refusing[0];
    for (const row of refusing) await this.announceRefusal(tenantId, row, now);
    if (refusal.mode === 'degrade') return { kind: 'degrade', budgetId: refusal.budget_id };
    return { kind: 'block', budgetId: refusal.budget_id, message: refusalMessage(refusal) };
  }

  private reservation(charge: BudgetCharge, keys: { ids: string[]; periods: Date[] }): BudgetReservation {
    const { tenantId, estimate, now } = charge;
    const estimated = [estimate.costUsd, Math.ceil(estimate.tokens)];
    if (keys.ids.length === 0) return { settle: () => Promise.resolve(), release: () => Promise.resolve() };
    return {
      release: async () => {
        await prepared(this.db, 'budget_release', RELEASE, [tenantId, keys.ids, keys.periods, ...estimated]);
      },
      settle: async (actual: Spend) => {
        const rows = await prepared<SettledRow>(this.db, 'budget_settle', SETTLE, [
          tenantId,
          keys.ids,
          keys.periods,
          ...estimated,
          actual.costUsd,
          Math.ceil(actual.tokens),
        ]);
        for (const row of rows) await this.announceSpend(tenantId, row, now);
      },
    };
  }

  /** Only a settlement that passed a threshold reads the budget's stream; every other one ends with its UPDATE. */
  private async announceSpend(tenantId: string, row: SettledRow, now: number): Promise<void> {
    const limits = { limitUsd: num(row.limit_usd), limitTokens: num(row.limit_tokens) };
    const before: BudgetSpend = { usd: Number(row.before_usd), tokens: Number(row.before_tokens) };
    const after: BudgetSpend = { usd: Number(row.spent_usd), tokens: Number(row.spent_tokens) };
    const passed = crossedThresholds(row.thresholds, usedFraction(limits, before), usedFraction(limits, after));
    const spentOut = usedFraction(limits, after) >= 1;
    const key = `${tenantId}|${row.budget_id}|${row.period_start.toISOString()}`;
    // Past the limit (an alert budget), every call would re-announce an exhaustion the decider already dropped.
    if (passed.length === 0 && (!spentOut || this.exhaustionsAnnounced.has(key))) return;
    if (spentOut) this.exhaustionsAnnounced.add(key);
    await this.announcer.announce(tenantId, row.budget_id, {
      type: 'RecordBudgetSpend',
      periodStart: row.period_start.toISOString(),
      before,
      after,
      now: new Date(now).toISOString(),
    });
  }

  private async announceRefusal(tenantId: string, row: ApplicableRow, now: number): Promise<void> {
    const key = `${tenantId}|${row.budget_id}|${row.period_start.toISOString()}`;
    if (this.refusalsAnnounced.has(key)) return;
    this.refusalsAnnounced.add(key);
    await this.announcer.announce(tenantId, row.budget_id, {
      type: 'RecordRefusedCall',
      periodStart: row.period_start.toISOString(),
      spent: { usd: num(row.spent_usd) ?? 0, tokens: num(row.spent_tokens) ?? 0 },
      now: new Date(now).toISOString(),
    });
  }
}

function refusalMessage(row: ApplicableRow): string {
  const spent = [
    row.limit_usd !== null ? `$${Number(row.spent_usd ?? 0)} of $${Number(row.limit_usd)}` : undefined,
    row.limit_tokens !== null ? `${Number(row.spent_tokens ?? 0)} of ${Number(row.limit_tokens)} tokens` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `budget ${row.budget_id} is spent for the period (${spent}) and blocks further calls`;
}
