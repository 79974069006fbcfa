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
// The handoffs module decides on the session stream with its own commands, folded as branching folds it.
export { evolve as evolveSession, initialState as initialSessionState, waitingStatusOf } from './domain/session.state.js';
export type { CurrentHandoff, OpenSession, SessionState } from './domain/session.state.js';
export type {
  HandoffAssessed,
  HandoffAssessmentFailed,
  HandoffBriefingWritten,
  HandoffClaimed,
  HandoffReleased,
  SessionHandedOff,
} from './domain/session.events.js';
export {
  ASSESSMENT_STATUSES,
  BRIEFING_SOURCES,
  HANDOFF_KINDS,
  HANDOFF_PRIORITIES,
  type AssessmentStatus,
  type BriefingSource,
  type HandoffAssessment,
  type HandoffBriefing,
  type HandoffKind,
  type HandoffPriority,
  type HandoffSnapshot,
} from './domain/session.types.js';
export { SessionRepository } from './application/session.repository.js';
export { SessionReader } from './application/session.reader.js';
export { BranchSummaryDto } from './api/session.dto.js';
// The resolutions module resolves and re-opens sessions on the same stream, with branching's rules.
export { IllegalBranchTransitionError, SessionWaitingOnQueueError } from './domain/session.errors.js';
export type { CurrentResolution } from './domain/session.state.js';
export type { SessionReopened, SessionResolved } from './domain/session.events.js';
export { OUTPUT_TYPES, type OutputType, type ResolutionRecord, type ResolvedBranch } from './domain/session.types.js';
export { SessionDto, toSessionDto } from './api/session.dto.js';
