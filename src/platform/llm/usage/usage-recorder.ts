import { Logger } from '@nestjs/common';
import type { Sql } from '../../database/sql.js';
import type { UsageRecord } from './usage-record.js';

export interface UsageSink {
  record(usage: UsageRecord): void;
  /** Resolves when every record handed over so far is stored. */
  flush(): Promise<void>;
}

const MAX_BATCH = 500;
const MAX_BUFFERED = 20_000;

/**
 * Writes usage rows in batches, off the call's path: one INSERT per call would cost more than the
 * gateway itself. With `flushMs` 0 every record is written at once (still off the call's path).
 * The price of batching: rows buffered when the process dies without shutting down (SIGKILL,
 * OOM) are lost — at most `flushMs` worth. A clean shutdown flushes (LlmModule calls `flush`).
 */
export class UsageRecorder implements UsageSink {
  private readonly logger = new Logger('LlmUsage');
  private buffer: UsageRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    private readonly flushMs: number,
  ) {}

  record(usage: UsageRecord): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.logger.error('usage buffer full (database unreachable?); dropping the oldest record');
      this.buffer.shift();
    }
    this.buffer.push(usage);
    if (this.buffer.length >= MAX_BATCH || this.flushMs === 0) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      // A pending flush must not keep the process alive on its own.
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Writes are chained so batches land in order and `flush` waits for the ones already started.
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  /**
   * Writes what was buffered when this write began, and nothing that arrives during it: that waits
   * for its own `flushMs` (the timer `record` starts). Chasing the buffer instead turned the
   * batching into a stream of tiny INSERTs — under steady calls one ran behind the other, four rows
   * each, and their Postgres work cost the calls ~10 % of the bare call's time (measured).
   */
  private async writeBuffered(): Promise<void> {
    const taken = this.buffer;
    this.buffer = [];
    for (let start = 0; start < taken.length; start += MAX_BATCH) {
      const batch = taken.slice(start, start + MAX_BATCH);
      try {
        await this.insert(batch);
      } catch (error) {
        this.logger.error(`could not store ${batch.length} usage records: ${(error as Error).message}`);
        // Kept for the next flush rather than lost, ahead of what came since; the bound caps the memory.
        this.buffer = [...taken.slice(start), ...this.buffer].slice(-MAX_BUFFERED);
        if (!this.timer) {
          this.timer = setTimeout(() => void this.flush(), Math.max(this.flushMs, 1000));
          this.timer.unref();
        }
        return;
      }
    }
  }

  private async insert(batch: readonly UsageRecord[]): Promise<void> {
    // One JSON text for the whole batch: the driver serializes it in one JSON.stringify, where
    // seventeen typed arrays cost it an escape per element (2–5 ms of the event loop for a batch
    // of 160, that is ~20 µs of every call's share; the JSON form ~1 ms).
    const rows = batch.map((row) => [
      row.tenantId,
      row.purpose,
      row.kind,
      row.provider,
      row.model,
      row.inputTokens,
      row.outputTokens,
      row.costUsd,
      Math.round(row.latencyMs),
      row.cached,
      row.outcome,
      row.attempts,
      row.error === null ? null : storableText(row.error),
      row.at.toISOString(),
      row.servedBecause,
      row.squadId,
      row.agentSlug,
    ]);
    await this.sql.query(
      `INSERT INTO llm_usage (tenant_id, purpose, kind, provider, model, input_tokens, output_tokens, cost_usd,
                              latency_ms, cached, outcome, attempts, error, created_at, served_because, squad_id, agent_slug)
       SELECT r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::int, (r->>6)::int, (r->>7)::numeric, (r->>8)::int, (r->>9)::boolean,
              r->>10, (r->>11)::int, r->>12, (r->>13)::timestamptz, r->>14, r->>15, r->>16
         FROM jsonb_array_elements($1::jsonb) AS r`,
      [JSON.stringify(rows)],
    );
  }
}

/**
 * Free text as jsonb accepts it: an error message cut at 1,000 characters may end in half a
 * surrogate pair, and jsonb refuses that (and NUL) outright — one such row would fail its whole
 * batch at every retry. The replacement character stands in, as the UTF-8 encoding did before.
 */
function storableText(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}
