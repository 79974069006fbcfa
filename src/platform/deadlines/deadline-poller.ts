import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { deadlineLateness, deadlinesFired } from '../observability/metrics.js';
import type { DueDeadline } from './deadline.js';
import { DeadlineRegistry } from './deadline-registry.js';
import { retryDelayMs } from './retry-delay.js';

const CLAIM_BATCH = 200;
const CONCURRENCY = 16;
/** A claimed deadline whose process died is claimable again after this long. */
const LEASE_MS = 30_000;
export const MAX_DEADLINE_ATTEMPTS = 10;

interface DeadlineRow {
  id: string;
  key: string;
  type: string;
  tenant_id: string | null;
  payload: Record<string, unknown>;
  due_at: Date;
  attempts: number;
}

/**
 * Claims due deadlines with FOR UPDATE SKIP LOCKED (so replicas never claim the same row), fires
 * them, and marks them done; a failed firing is retried with exponential backoff.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlinePoller.name);
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly registry: DeadlineRegistry,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'deadline-poller',
      setInterval(() => void this.tick(), this.config.deadlinePollMs),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', 'deadline-poller')) this.scheduler.deleteInterval('deadline-poller');
    await this.ticking;
  }

  /** One poll: fires every deadline due now. Overlapping calls share the poll in progress. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.fireDue()
      .catch((error: Error) => this.logger.error(`deadline poll failed: ${error.message}`))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async fireDue(): Promise<void> {
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      await this.fireAll(claimed);
      if (claimed.length < CLAIM_BATCH || this.stopped) return;
    }
  }

  private async claim(): Promise<DueDeadline[]> {
    const rows = await this.db.query<DeadlineRow>(
      `UPDATE deadlines d
          SET status = 'running', lease_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
         FROM (SELECT id FROM deadlines
                WHERE (status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now())
                ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
        WHERE d.id = due.id
        RETURNING d.id, d.key, d.type, d.tenant_id, d.payload, d.due_at, d.attempts`,
      [CLAIM_BATCH, LEASE_MS],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      key: row.key,
      type: row.type,
      tenantId: row.tenant_id,
      payload: row.payload,
      dueAt: row.due_at,
      attempt: row.attempts,
    }));
  }

  private async fireAll(deadlines: DueDeadline[]): Promise<void> {
    const done: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < deadlines.length) {
        const deadline = deadlines[next++];
        if (await this.fire(deadline)) done.push(deadline.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, deadlines.length) }, worker));
    if (done.length > 0) {
      await this.db.query(
        `UPDATE deadlines SET status = 'done', fired_at = now(), lease_until = NULL
          WHERE id = ANY($1::bigint[]) AND status = 'running'`,
        [done],
      );
    }
  }

  private async fire(deadline: DueDeadline): Promise<boolean> {
    try {
      const handler = this.registry.handlerFor(deadline.type);
      if (!handler) throw new Error(`no handler for deadline type "${deadline.type}"`);
      await handler(deadline);
      deadlinesFired.inc({ type: deadline.type, outcome: 'fired' });
      deadlineLateness.observe(Math.max(0, Date.now() - deadline.dueAt.getTime()) / 1000);
      return true;
    } catch (error) {
      const message = (error as Error).message;
      const giveUp = deadline.attempt >= MAX_DEADLINE_ATTEMPTS;
      deadlinesFired.inc({ type: deadline.type, outcome: giveUp ? 'failed' : 'retry' });
      this.logger.warn(`deadline ${deadline.key} attempt ${deadline.attempt} failed: ${message}`);
      await this.db.query(
        `UPDATE deadlines
            SET status = $2, due_at = now() + $3 * interval '1 millisecond', lease_until = NULL, last_error = $4
          WHERE id = $1 AND status = 'running'`,
        [deadline.id, giveUp ? 'failed' : 'pending', retryDelayMs(deadline.attempt), message],
      );
      return false;
    }
  }
}
