import type { ConversationSummary } from './conversation.view.js';

export interface PageRequest {
  after: number;
  limit: number;
}

export type KeyedSummary = { key: number; view: ConversationSummary };
