/** The pipelines module's public surface: other modules import only from here. */
export { PipelinesModule } from './pipelines.module.js';
export type { PipelineView } from './application/pipeline.view.js';
export { pipelineEventTypes, type PipelineEvent } from './domain/pipeline.events.js';
