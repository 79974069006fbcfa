/** The discussions module's public surface. */
export { DiscussionsModule } from './discussions.module.js';
export { DISCUSSION_EVENT_TYPES, type DiscussionEvent } from './domain/discussion.events.js';
