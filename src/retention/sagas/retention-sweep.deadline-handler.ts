import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { Database } from '../../platform/database/database.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import { type DueDeadline, scheduleDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { RetentionRunner } from '../application/retention-runner.js';
import { nextSweepAt } from '../domain/retention-schedule.js';

export const RETENTION_SWEEP_DEADLINE = 'retention:sweep';

/**
 * The daily sweep is a deadline, keyed by its time: every replica's start schedules the next one
 * and the key makes it one; a sweep schedules the one after. A sweep missed while the app was down
 * is overdue, so it runs at the next start; one killed mid-run runs again when its lease expires
 * (deleting is idempotent, recording is once per run and target).
 */
@Injectable()
export class RetentionSweepDeadlineHandler implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly runner: RetentionRunner,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register(RETENTION_SWEEP_DEADLINE, (deadline) => this.sweep(deadline));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduleAfter(this.clock.now());
  }

  async sweep(deadline: DueDeadline<object>): Promise<void> {
    const now = this.clock.now();
    await this.runner.run(deadline.key, now);
    // After now, not after the due time: an app down for a month sweeps once at start, not thirty times.
    await this.scheduleAfter(now);
  }

  private async scheduleAfter(at: Date): Promise<void> {
    const dueAt = nextSweepAt(at, this.config.retention.sweepHourUtc);
    await scheduleDeadline(this.db, {
      key: `${RETENTION_SWEEP_DEADLINE}:${dueAt.toISOString()}`,
      type: RETENTION_SWEEP_DEADLINE,
      tenantId: null,
      dueAt,
      payload: {},
    });
  }
}
