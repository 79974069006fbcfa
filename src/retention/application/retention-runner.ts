import { Injectable, Logger } from '@nestjs/common';
import { systemContext } from '../../platform/decider/command-context.js';
import type { RetentionOutcome } from '../domain/retention.types.js';
import { RetentionPruner } from './retention-pruner.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionTargets } from './retention-targets.js';

const ACTOR = { kind: 'system' as const, id: 'retention' };

/**
 * One run: every target pruned, then what each organization lost recorded on its stream
 * (RetentionApplied). Deleting first is safe to repeat: a run killed before it records deletes
 * nothing more when it runs again and records only what that run removed.
 */
@Injectable()
export class RetentionRunner {
  private readonly logger = new Logger(RetentionRunner.name);

  constructor(
    private readonly targets: RetentionTargets,
    private readonly pruner: RetentionPruner,
    private readonly retention: RetentionRepository,
  ) {}

  /** Runs for every organization, or for `tenantId` only; answers the outcomes by organization. */
  async run(runKey: string, now: Date, tenantId?: string): Promise<Map<string, RetentionOutcome[]>> {
    const byTenant = new Map<string, RetentionOutcome[]>();
    for (const target of this.targets.all()) {
      const outcomes = await this.pruner.prune(target, now, tenantId);
      for (const [tenant, outcome] of outcomes) {
        byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), outcome]);
        const context = systemContext({ tenantId: tenant, actor: ACTOR, causationId: runKey }, now);
        await this.retention.handle(context, { type: 'RecordRetentionApplied', organizationId: tenant, runKey, outcome, now: context.now });
      }
    }
    const removed = [...byTenant.values()].flat().reduce((sum, outcome) => sum + outcome.removed, 0);
    if (removed > 0) this.logger.log(`retention run ${runKey}: ${removed} rows removed in ${byTenant.size} organizations`);
    return byTenant;
  }
}
