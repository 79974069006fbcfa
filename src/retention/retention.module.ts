import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RetentionController } from './api/retention.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { RetentionPruner } from './application/retention-pruner.js';
import { RetentionRepository } from './application/retention.repository.js';
import { RetentionRunner } from './application/retention-runner.js';
import { RetentionTargets } from './application/retention-targets.js';
import { RetentionProjection } from './projections/retention.projection.js';
import { RetentionSweepDeadlineHandler } from './sagas/retention-sweep.deadline-handler.js';

/**
 * Retention: per-organization rules over the tables modules declare as targets (`RetentionTargets`,
 * global so an owner registers its own in `onModuleInit`), applied by a durable daily sweep or by
 * hand, each removal recorded on the organization's retention stream. Events are never deleted.
 */
@Global()
@Module({
  controllers: [RetentionController],
  providers: [
    RetentionTargets,
    RetentionPruner,
    RetentionRepository,
    RetentionRunner,
    RetentionSweepDeadlineHandler,
    ...commandHandlers,
    ...queryHandlers,
  ],
  exports: [RetentionTargets],
})
export class RetentionModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new RetentionProjection());
  }
}
