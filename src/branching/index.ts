/** The branching module's public surface: other modules import only from here. */
export { BranchingModule } from './branching.module.js';
export { GetSessionQuery } from './application/get-session.query.js';
export { GetBranchMessagesQuery } from './application/get-branch-messages.query.js';
export type { BranchMessageView, BranchView, SessionView } from './application/session.view.js';
export type { SessionEvent } from './domain/session.events.js';
export type { BranchMessageEvent } from './domain/branch-messages.events.js';
export { sessionEventTypes } from './domain/session.events.js';
export { branchMessageEventTypes } from './domain/branch-messages.events.js';
export { buildBranchPrompt, type AttachmentText } from './domain/branch-prompt.js';
export { BRANCH_STATUSES, SESSION_STATUSES, type BranchStatus, type SessionStatus } from './domain/session.types.js';
export { sessionStreamId, branchStreamId } from './domain/session.stream.js';
