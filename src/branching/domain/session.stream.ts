import { streamId } from '../../platform/event-store/stream-id.js';

/**
 * The one place branching stream ids are built. A session's structure (branches, forks, statuses,
 * summaries) is one small stream; each branch's messages are a stream of their own, so deciding a
 * fork or a switch never reads the conversation, however long it is.
 */
export const SESSION_STREAM_TYPE = 'branching_session';
export const BRANCH_STREAM_TYPE = 'branching_branch';
export const sessionStreamId = (sessionId: string) => streamId(SESSION_STREAM_TYPE, sessionId);
export const branchStreamId = (branchId: string) => streamId(BRANCH_STREAM_TYPE, branchId);
