import { Logger } from '@nestjs/common';
import type { Database } from '../../platform/database/database.js';
import type { Spend } from '../../platform/llm/index.js';
import { SETTLE, prepared } from './budget-ledger.statements.js';

/** One reservation to settle: its actual spend replaces its estimate (zero spend: released). */
export interface Settlement {
  tenantId: string;
  reservationId: string;
  budgetIds: readonly string[];
  /** ISO 8601, one per budget. */
  periodStarts: readonly string[];
  actual: Spend;
  /** Epoch milliseconds of the call's end, for the announcements the settlement may cause. */
  now: number;
}

/** A budget row after a batch: its spend before and after, for the threshold check. */
export interface SettledRow {
  tenant_id: string;
  budget_id: string;
  period_start: Date;
  before_usd: string;
  before_tokens: string;
  spent_usd: string;
  spent_tokens: string;
  limit_usd: string | null;
  limit_tokens: string | null;
  thresholds: number[] | null;
}

const MAX_BATCH = 500;
const MAX_QUEUED = 20_000;
/** A batch Postgres keeps refusing is dropped after this many tries; the sweep gives its estimates back. */
const MAX_ATTEMPTS = 5;
const RETRY_MS = 1_000;

interface Queued {
  settlement: Settlement;
  attempts: number;
}

/**
 * Writes settlements off the calls' path, one batch at a time: settlements that arrive during
 * `flushMs` (a batch being written included) go out together in the next one, summed per budget
 * row. The reservation holds its estimate until its settlement is written, so the budget never
 * shows less than is in flight. The price of writing later: settlements queued when the process
 * dies without shutting down (SIGKILL, OOM) are lost — their estimates are given back by the sweep,
 * their spend is missing from the budget (the usage ledger has it). A clean shutdown flushes.
 */
export class SettlementWriter {
  private readonly logger = new Logger('Budgets');
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The batches written so far, chained: one writer, batches in order. */
  private writing: Promise<void> = Promise.resolve();
  private drainQueued = false;
  private batchesInFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly settled: (rows: SettledRow[], now: number) => Promise<void>,
    private readonly flushMs: number,
  ) {}

  add(settlement: Settlement): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.logger.error('budget settlement queue full (database unreachable?); dropping the oldest, the sweep gives its estimate back');
      this.queue.shift();
    }
    this.queue.push({ settlement, attempts: 0 });
    if (this.flushMs === 0 || this.queue.length >= MAX_BATCH) void this.drain();
    else if (!this.timer) this.schedule(this.flushMs);
  }

  /** Settlements are queued or being written. */
  get unwritten(): boolean {
    return this.queue.length > 0 || this.batchesInFlight > 0;
  }

  /** Resolves when every settlement added so far is written (or has failed, logged, to be retried). */
  flush(): Promise<void> {
    return this.drain();
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.drain(), ms);
    // A pending write must not keep the process alive on its own.
    this.timer.unref();
  }

  private drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // One drain waiting behind the write in flight is enough: it takes whatever is queued by then.
    if (this.drainQueued) return this.writing;
    this.drainQueued = true;
    this.writing = this.writing.then(async () => {
      this.drainQueued = false;
      await this.writeQueued();
    });
    return this.writing;
  }

  /**
   * Writes what was queued when this write began; what arrives during it waits for its own
   * `flushMs` (the timer `add` starts), so steady calls make one batch per interval, not a stream
   * of tiny writes one behind the other.
   */
  private async writeQueued(): Promise<void> {
    const taken = this.queue;
    this.queue = [];
    for (let start = 0; start < taken.length; start += MAX_BATCH) {
      const batch = taken.slice(start, start + MAX_BATCH);
      let rows: SettledRow[];
      this.batchesInFlight += 1;
      try {
        rows = await this.write(batch.map((queued) => queued.settlement));
      } catch (error) {
        this.retryLater(batch, error as Error, taken.slice(start + MAX_BATCH));
        return;
      } finally {
        this.batchesInFlight -= 1;
      }
      try {
        await this.settled(rows, Math.max(...batch.map((queued) => queued.settlement.now)));
      } catch (error) {
        this.logger.error(`announcing budget spend failed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * A failed statement changed nothing (it is one statement): the batch is written again later.
   * Only a connection lost between the commit and its answer could count a batch twice.
   */
  private retryLater(batch: Queued[], error: Error, notTried: Queued[]): void {
    const kept = batch.filter((queued) => ++queued.attempts < MAX_ATTEMPTS);
    const dropped = batch.length - kept.length;
    this.logger.error(
      `writing ${batch.length} budget settlements failed: ${error.message}` +
        (dropped > 0 ? `; ${dropped} dropped after ${MAX_ATTEMPTS} attempts, the sweep gives their estimates back` : ''),
    );
    this.queue = [...kept, ...notTried, ...this.queue];
    if (this.queue.length > 0 && !this.timer) this.schedule(Math.max(this.flushMs, RETRY_MS));
  }

  private write(batch: readonly Settlement[]): Promise<SettledRow[]> {
    const rows = batch.flatMap((settlement) =>
      settlement.budgetIds.map((budgetId, i) => ({ settlement, budgetId, periodStart: settlement.periodStarts[i] })),
    );
    return prepared<SettledRow>(this.db, 'budget_settle', SETTLE, [
      rows.map((row) => row.settlement.reservationId),
      rows.map((row) => row.settlement.tenantId),
      rows.map((row) => row.budgetId),
      rows.map((row) => row.periodStart),
      rows.map((row) => row.settlement.actual.costUsd),
      rows.map((row) => Math.ceil(row.settlement.actual.tokens)),
    ]);
  }
}
