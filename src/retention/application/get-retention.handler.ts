import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { Database } from '../../platform/database/database.js';
import { Clock } from '../../platform/decider/clock.js';
import { effectiveDays, nextSweepAt } from '../domain/retention-schedule.js';
import { GetRetentionQuery } from './get-retention.query.js';
import { RetentionTargets } from './retention-targets.js';
import type { RetentionView } from './retention.view.js';

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler implements IQueryHandler<GetRetentionQuery> {
  constructor(
    private readonly db: Database,
    private readonly targets: RetentionTargets,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ tenantId }: GetRetentionQuery): Promise<RetentionView> {
    const [rules, runs] = await Promise.all([
      this.db.query<{ target: string; days: number | null }>(`SELECT target, days FROM retention_rules WHERE tenant_id = $1`, [tenantId]),
      this.db.query<{ target: string; last_run_at: Date; last_cutoff: Date; last_removed: number; total_removed: string }>(
        `SELECT target, last_run_at, last_cutoff, last_removed, total_removed FROM retention_runs WHERE tenant_id = $1`,
        [tenantId],
      ),
    ]);
    return {
      targets: this.targets.all().map((target) => {
        const rule = rules.find((candidate) => candidate.target === target.name);
        const run = runs.find((candidate) => candidate.target === target.name);
        return {
          target: target.name,
          description: target.description,
          defaultDays: target.defaultDays,
          rule: rule ? { days: rule.days } : null,
          days: effectiveDays(rules, target.name, target.defaultDays),
          lastRun: run ? { at: run.last_run_at, cutoff: run.last_cutoff, removed: run.last_removed } : null,
          totalRemoved: run ? Number(run.total_removed) : 0,
        };
      }),
      nextSweepAt: nextSweepAt(this.clock.now(), this.config.retention.sweepHourUtc),
    };
  }
}
