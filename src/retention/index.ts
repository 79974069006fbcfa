/** The retention module's public surface: owners of prunable tables register them here. */
export { RetentionModule } from './retention.module.js';
export { RetentionTargets, type RetentionTarget } from './application/retention-targets.js';
export type { RetentionEvent } from './domain/retention.events.js';
export { RETENTION_EVENT_TYPES } from './domain/retention.events.js';
