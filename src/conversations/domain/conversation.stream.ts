import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place conversation stream ids are built: `conversation-<conversationId>`. */
export const CONVERSATION_STREAM_TYPE = 'conversation';
export const conversationStreamId = (conversationId: string) => streamId(CONVERSATION_STREAM_TYPE, conversationId);
