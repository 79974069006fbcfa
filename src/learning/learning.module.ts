import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RetentionTargets } from '../retention/index.js';
import { LearningRecordsController } from './api/learning-records.controller.js';
import { LivingDocsController } from './api/living-docs.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { TextEmbedder } from '../platform/llm/index.js';
import { LearningRecords } from './application/learning-records.js';
import { LearningReader } from './application/learning.reader.js';
import { LearningRepository } from './application/learning.repository.js';
import { PipelineLearning } from './pipeline-learning.js';
import { LearningRecordsProjection } from './projections/learning-records.projection.js';

/**
 * Learning records (issue 17): failures, estimates, retrospectives, spikes, complexity snapshots,
 * pattern usage, the documentation cache and decisions, one stream each, projected inline; the
 * living documents rendered from them; and PipelineLearning, what pipelines ask and tell.
 */
@Module({
  controllers: [LearningRecordsController, LivingDocsController],
  providers: [
    LearningRepository,
    LearningReader,
    TextEmbedder,
    LearningRecords,
    { provide: PipelineLearning, useExisting: LearningRecords },
    ...commandHandlers,
    ...queryHandlers,
  ],
  exports: [PipelineLearning],
})
export class LearningModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly retention: RetentionTargets,
  ) {}

  onModuleInit(): void {
    this.projections.register(new LearningRecordsProjection());
    // The other records are learning data, kept forever: only cached documentation goes.
    this.retention.register({
      name: 'docs_cache',
      description: 'Cached library documentation (GET /api/v1/docs-cache), counted from when it expired: stale entries stay listable this long',
      defaultDays: 7,
      table: 'learning_docs_cache',
      tenantColumn: 'tenant_id',
      ageColumn: 'expires_at',
    });
  }
}
