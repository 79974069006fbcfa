import type { ConversationStatus } from '../domain/conversation.types.js';

export interface ConversationFilter {
  squadId?: string;
  state?: ConversationStatus;
  questionType?: string;
}
