import { Module, type OnModuleInit } from '@nestjs/common';
import { BranchingModule } from '../branching/index.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { OutputsController } from './api/outputs.controller.js';
import { SessionResolutionsController } from './api/resolutions.controller.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { OutputReader } from './application/output.reader.js';
import { OutputRepository } from './application/output.repository.js';
import { ResolutionRepository } from './application/resolution.repository.js';
import { OutputPushTargetsProjection } from './projections/output-push-targets.projection.js';
import { ResolutionOutputsProjection } from './projections/resolution-outputs.projection.js';
import { OutputDraftDeadlineHandler } from './sagas/output-draft.deadline-handler.js';
import { OutputPublishDeadlineHandler } from './sagas/output-publish.deadline-handler.js';

/**
 * Resolutions: resolving a troubleshooting session (on its own stream) drafts three documents — PSA
 * ticket notes, a knowledge-base article with "Rule out first", a client summary — each on its own
 * stream, drafted by durable, retried steps; people edit, regenerate, approve or reject them, and
 * push approved ones to the PSA (the signed outbox), the knowledge base, e-mail or the clipboard.
 */
@Module({
  imports: [BranchingModule],
  controllers: [SessionResolutionsController, OutputsController],
  providers: [
    ResolutionRepository,
    OutputRepository,
    OutputReader,
    OutputDraftDeadlineHandler,
    OutputPublishDeadlineHandler,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class ResolutionsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new ResolutionOutputsProjection());
    this.projections.register(new OutputPushTargetsProjection());
  }
}
