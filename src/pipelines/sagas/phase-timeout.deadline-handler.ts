import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { PipelineReader } from '../application/pipeline.reader.js';
import { PipelineRepository } from '../application/pipeline.repository.js';
import { PIPELINE_PHASE_TIMEOUT_DEADLINE, type PhaseAttemptPayload } from './pipeline-deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'pipeline-phase-timeout' };

/**
 * An attempt over its time budget fails with `timeout` (then it can be retried by hand). The decider
 * ignores the timeout of an attempt that already ended, so a late or repeated firing changes nothing.
 */
@Injectable()
export class PhaseTimeoutDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly reader: PipelineReader,
    private readonly pipelines: PipelineRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<PhaseAttemptPayload>(PIPELINE_PHASE_TIMEOUT_DEADLINE, (deadline) => this.timeout(deadline));
  }

  async timeout(deadline: DueDeadline<PhaseAttemptPayload>): Promise<void> {
    const { pipelineId, phase, attempt } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const stored = await this.reader.find(tenantId, pipelineId);
    const view = stored?.document.phases.find((candidate) => candidate.phase === phase);
    if (!view) return;
    const context = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
    await this.pipelines.handle(context, {
      type: 'FailPhase',
      pipelineId,
      phase,
      attempt,
      agent: view.agent,
      model: null,
      inputSummary: `${phase} attempt ${attempt}: no answer within ${this.config.pipelines.phaseTimeoutMs / 1000} s`,
      durationMs: this.config.pipelines.phaseTimeoutMs,
      tokens: { input: 0, output: 0 },
      reason: 'timeout',
      now: context.now,
    });
  }
}
