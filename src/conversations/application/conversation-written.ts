import type { ConversationView } from './conversation.view.js';

/** What a conversation write returns: the conversation after it, and its stream version (the ETag). */
export interface ConversationWritten {
  conversation: ConversationView;
  version: number;
}
