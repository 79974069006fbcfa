/** The learning module's public surface: other modules import only from here. */
export * from './pipeline-learning.js';
export { LearningModule } from './learning.module.js';
export { LEARNING_EVENT_TYPES, type LearningEvent } from './domain/learning.events.js';
