/** The conversations module's public surface: other modules import only from here. */
export { ConversationsModule } from './conversations.module.js';
export {
  AnswerQuestionCommand,
  AskQuestionCommand,
  type ConversationWritten,
  SayCantHelpCommand,
} from './application/conversations.commands.js';
export {
  type ConversationFilter,
  GetConversationQuery,
  GetConversationStatisticsQuery,
  GetConversationTimelineQuery,
  GetMemberInboxQuery,
  ListConversationsQuery,
} from './application/conversations.queries.js';
export type { ConversationSummary, ConversationView, TimelineEntry } from './application/conversation.view.js';
export type { ConversationStatistics } from './application/conversation-statistics.js';
export { type ConversationContext, contextOf as conversationContextOf } from './application/conversation-context.js';
export type { ConversationEvent } from './domain/conversation.events.js';
export { conversationEventTypes } from './domain/conversation.events.js';
export { CONVERSATION_STATES, type ConversationStatus, type Participant } from './domain/conversation.types.js';
export { conversationStreamId } from './domain/conversation.stream.js';
