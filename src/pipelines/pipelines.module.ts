import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { LearningModule } from '../learning/index.js';
import { RegistryModule } from '../registry/index.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/app-config.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RetentionTargets } from '../retention/index.js';
import { PipelinesController } from './api/pipelines.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { PipelineReader } from './application/pipeline.reader.js';
import { PipelineRepository } from './application/pipeline.repository.js';
import { PipelineAgentLogsProjection } from './projections/pipeline-agent-logs.projection.js';
import { PipelinesProjection } from './projections/pipelines.projection.js';
import { PhaseRunDeadlineHandler } from './sagas/phase-run.deadline-handler.js';
import { PhaseTimeoutDeadlineHandler } from './sagas/phase-timeout.deadline-handler.js';
import { RecordRunDeadlineHandler } from './sagas/record-run.deadline-handler.js';

/**
 * Pipelines: a feature request runs on its own stream through agent phases (why, research, plan,
 * build, test, review, retrospective), each attempt a durable deadline whose agent answers its
 * phase's schema, gated where a person approves; every attempt is logged; a completed run is handed
 * to the learning records, whose lessons feed the next run's prompts.
 */
@Module({
  imports: [LearningModule, RegistryModule],
  controllers: [PipelinesController],
  providers: [
    PipelineRepository,
    PipelineReader,
    PhaseRunDeadlineHandler,
    PhaseTimeoutDeadlineHandler,
    RecordRunDeadlineHandler,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class PipelinesModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly retention: RetentionTargets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.projections.register(new PipelinesProjection(this.config.pipelines.phaseTimeoutMs));
    this.projections.register(new PipelineAgentLogsProjection());
    this.retention.register({
      name: 'agent_logs',
      description: 'Pipeline agent logs (GET /api/v1/pipelines/agent-logs and their statistics), by when they were logged',
      defaultDays: 90,
      table: 'pipeline_agent_logs',
      tenantColumn: 'organization_id',
      ageColumn: 'logged_at',
    });
    // A pipeline that may still move (running, waiting, paused) stays whatever its age.
    this.retention.register({
      name: 'pipeline_states',
      description: 'Finished pipelines (completed, cancelled or failed; GET /api/v1/pipelines and their export), by their last change',
      defaultDays: 365,
      table: 'pipelines',
      tenantColumn: 'organization_id',
      ageColumn: 'updated_at',
      condition: `status IN ('completed', 'cancelled', 'failed')`,
    });
  }
}
