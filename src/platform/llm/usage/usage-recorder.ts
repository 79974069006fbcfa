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

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      try {
        await this.insert(batch);
      } catch (error) {
        this.logger.error(`could not store ${batch.length} usage records: ${(error as Error).message}`);
        // Kept for the next flush rather than lost; the buffer bound above caps the memory.
        this.buffer.unshift(...batch);
        if (!this.timer) {
          this.timer = setTimeout(() => void this.flush(), Math.max(this.flushMs, 1000));
          this.timer.unref();
        }
        return;
      }
    }
  }

  private async insert(batch: readonly UsageRecord[]): Promise<void> {
    const column = <K extends keyof UsageRecord>(key: K) => batch.map((row) => row[key]);
    await this.sql.query(
      `INSERT INTO llm_usage (tenant_id, purpose, kind, provider, model, input_tokens, output_tokens, cost_usd,
                              latency_ms, cached, outcome, attempts, error, created_at, served_because, squad_id, agent_slug)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[],
                            $8::numeric[], $9::int[], $10::boolean[], $11::text[], $12::int[], $13::text[], $14::timestamptz[],
                            $15::text[], $16::text[], $17::text[])`,
      [
        column('tenantId'),
        column('purpose'),
        column('kind'),
        column('provider'),
        column('model'),
        column('inputTokens'),
        column('outputTokens'),
        column('costUsd'),
        batch.map((row) => Math.round(row.latencyMs)),
        column('cached'),
        column('outcome'),
        column('attempts'),
        column('error'),
        column('at'),
        column('servedBecause'),
        column('squadId'),
        column('agentSlug'),
      ],
    );
  }
}
