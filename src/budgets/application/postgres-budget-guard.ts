import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { BudgetCharge, BudgetGuard, BudgetReservation, BudgetVerdict } from '../../platform/llm/index.js';
import { crossedThresholds, usedFraction } from '../domain/budget-limits.js';
import { periodStart } from '../domain/budget-period.js';
import type { BudgetMode, BudgetPeriod, BudgetSpend } from '../domain/budget.types.js';
import { BudgetAnnouncer } from './budget-announcer.js';
import { RESERVE, SPENT, prepared } from './budget-ledger.statements.js';
import { type SettledRow, SettlementWriter } from './settlement-writer.js';

interface ApplicableRow {
  budget_id: string;
  mode: BudgetMode;
  period: BudgetPeriod;
  reserved: boolean;
  limit_usd: string | null;
  limit_tokens: string | null;
}

interface SpentRow {
  budget_id: string;
  spent_usd: string;
  spent_tokens: string;
}

/**
 * How long settlements wait to be written together. Written as soon as the batch before them is
 * (0), each call's settlement is its own UPDATE of the budget's row, racing the next calls'
 * reservations for its lock and for the CPU: measured, that adds ~0.25 ms to every call at one call
 * at a time. 50 ms makes it one statement per budget row per 50 ms whatever the rate, while the
 * reservation holds the estimate that long at most (the budget shows a call's estimate, then its
 * actual) and a threshold is announced that much later.
 */
export const SETTLEMENT_FLUSH_MS = 50;

/** The starts of the day and the month a call falls in, as sent to Postgres (ISO 8601). */
type Periods = Record<BudgetPeriod, string>;

const num = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * The budgets module's side of the gateway's budget check: reservations in Postgres (on the call's
 * path, one statement), settlements written behind it in batches, announcements as events.
 */
@Injectable()
export class PostgresBudgetGuard implements BudgetGuard, OnApplicationShutdown {
  /** Who holds this process's reservations, for whoever reads `budget_reservations` after a crash. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Refusals already announced by this process: the decider dedupes too, this spares it the reads. */
  private readonly refusalsAnnounced = new Set<string>();
  private readonly exhaustionsAnnounced = new Set<string>();
  private readonly settlements: SettlementWriter;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BudgetAnnouncer) private readonly announcer: Pick<BudgetAnnouncer, 'announce'>,
    flushMs = SETTLEMENT_FLUSH_MS,
  ) {
    this.settlements = new SettlementWriter(db, (rows, now) => this.announceSpend(rows, now), flushMs);
  }

  async reserve(charge: BudgetCharge): Promise<BudgetVerdict> {
    const { tenantId, now } = charge;
    const periods: Periods = { day: periodStart('day', now).toISOString(), month: periodStart('month', now).toISOString() };
    let attempt = await this.tryReserve(charge, periods);
    if (attempt.refusing.length > 0 && this.settlements.unwritten) {
      // Estimates this process has yet to settle may be what fills the budget: written, the call
      // may fit. Checked once more, on the refusal path only.
      attempt.reservation.release();
      await this.flush();
      attempt = await this.tryReserve(charge, periods);
    }
    const { refusing, reservation } = attempt;
    if (refusing.length === 0) return { kind: 'allow', reservation };
    reservation.release();
    const refusal = refusing.find((row) => row.mode === 'block') ?? refusing[0];
    const spent = await this.spentOf(tenantId, refusing, periods);
    for (const row of refusing) await this.announceRefusal(tenantId, row, periods[row.period], spent.get(row.budget_id), now);
    if (refusal.mode === 'degrade') return { kind: 'degrade', budgetId: refusal.budget_id };
    return { kind: 'block', budgetId: refusal.budget_id, message: refusalMessage(refusal, spent.get(refusal.budget_id)) };
  }

  /** The one statement on the call's path: reserved where the budgets let it, and which ones refused. */
  private async tryReserve(charge: BudgetCharge, periods: Periods): Promise<{ refusing: ApplicableRow[]; reservation: BudgetReservation }> {
    const { tenantId, scope, estimate, now } = charge;
    const reservationId = randomUUID();
    const rows = await prepared<ApplicableRow>(this.db, 'budget_reserve', RESERVE, [
      tenantId,
      scope?.squadId ?? null,
      scope?.agentSlug ?? null,
      periods.day,
      periods.month,
      estimate.costUsd,
      Math.ceil(estimate.tokens),
      reservationId,
      this.holder,
      new Date(now + charge.holdForMs).toISOString(),
    ]);
    const reserved = rows.filter((row) => row.reserved);
    return {
      refusing: rows.filter((row) => !row.reserved),
      reservation: this.reservation(tenantId, reservationId, reserved, periods, now),
    };
  }

  flush(): Promise<void> {
    return this.settlements.flush();
  }

  /** After every other module's shutdown work (interrupted calls release theirs), before the pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private reservation(
    tenantId: string,
    reservationId: string,
    reserved: ApplicableRow[],
    periods: Periods,
    now: number,
  ): BudgetReservation {
    if (reserved.length === 0) return { settle: () => undefined, release: () => undefined };
    const keys = { budgetIds: reserved.map((row) => row.budget_id), periodStarts: reserved.map((row) => periods[row.period]) };
    const settle = (actual: { tokens: number; costUsd: number }) => this.settlements.add({ tenantId, reservationId, ...keys, actual, now });
    return { release: () => settle({ tokens: 0, costUsd: 0 }), settle };
  }

  private async spentOf(tenantId: string, rows: ApplicableRow[], periods: Periods): Promise<Map<string, BudgetSpend>> {
    const spent = await prepared<SpentRow>(this.db, 'budget_spent', SPENT, [
      tenantId,
      rows.map((row) => row.budget_id),
      rows.map((row) => periods[row.period]),
    ]);
    return new Map(spent.map((row) => [row.budget_id, { usd: Number(row.spent_usd), tokens: Number(row.spent_tokens) }]));
  }

  /** Only a batch that passed a threshold reads the budget's stream; every other one ends with its UPDATE. */
  private async announceSpend(rows: SettledRow[], now: number): Promise<void> {
    for (const row of rows) {
      const limits = { limitUsd: num(row.limit_usd), limitTokens: num(row.limit_tokens) };
      const before: BudgetSpend = { usd: Number(row.before_usd), tokens: Number(row.before_tokens) };
      const after: BudgetSpend = { usd: Number(row.spent_usd), tokens: Number(row.spent_tokens) };
      const passed = crossedThresholds(row.thresholds ?? [], usedFraction(limits, before), usedFraction(limits, after));
      const spentOut = usedFraction(limits, after) >= 1;
      const key = `${row.tenant_id}|${row.budget_id}|${row.period_start.toISOString()}`;
      // Past the limit (an alert budget), every call would re-announce an exhaustion the decider already dropped.
      if (passed.length === 0 && (!spentOut || this.exhaustionsAnnounced.has(key))) continue;
      if (spentOut) this.exhaustionsAnnounced.add(key);
      await this.announcer.announce(row.tenant_id, row.budget_id, {
        type: 'RecordBudgetSpend',
        periodStart: row.period_start.toISOString(),
        before,
        after,
        now: new Date(now).toISOString(),
      });
    }
  }

  private async announceRefusal(
    tenantId: string,
    row: ApplicableRow,
    periodStart: string,
    spent: BudgetSpend | undefined,
    now: number,
  ): Promise<void> {
    const key = `${tenantId}|${row.budget_id}|${periodStart}`;
    if (this.refusalsAnnounced.has(key)) return;
    this.refusalsAnnounced.add(key);
    await this.announcer.announce(tenantId, row.budget_id, {
      type: 'RecordRefusedCall',
      periodStart,
      spent: spent ?? { usd: 0, tokens: 0 },
      now: new Date(now).toISOString(),
    });
  }
}

function refusalMessage(row: ApplicableRow, spent: BudgetSpend | undefined): string {
  const figures = [
    row.limit_usd !== null ? `$${spent?.usd ?? 0} of $${Number(row.limit_usd)}` : undefined,
    row.limit_tokens !== null ? `${spent?.tokens ?? 0} of ${Number(row.limit_tokens)} tokens` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `budget ${row.budget_id} is spent for the period (${figures}) and blocks further calls`;
}
