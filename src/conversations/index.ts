/** The conversations module's public surface: other modules import only from here. */
export { ConversationsModule } from './conversations.module.js';
export { AnswerQuestionCommand } from './application/answer-question.command.js';
export { AskQuestionCommand } from './application/ask-question.command.js';
export { SayCantHelpCommand } from './application/say-cant-help.command.js';
export type { ConversationWritten } from './application/conversation-written.js';
export type { ConversationFilter } from './application/conversation-filter.js';
export { GetConversationQuery } from './application/get-conversation.query.js';
export { GetConversationStatisticsQuery } from './application/get-conversation-statistics.query.js';
export { GetConversationTimelineQuery } from './application/get-conversation-timeline.query.js';
export { GetMemberInboxQuery } from './application/get-member-inbox.query.js';
export { ListConversationsQuery } from './application/list-conversations.query.js';
export type { ConversationSummary, ConversationView, TimelineEntry } from './application/conversation.view.js';
export type { ConversationStatistics } from './application/conversation-statistics.js';
export type {
  ChainExhausted,
  ClaimBriefing,
  ConversationEvent,
  QuestionAnswered,
  QuestionAsked,
  QuestionClaimed,
  QuestionReleased,
} from './domain/conversation.events.js';
export {
  type ActiveConversation,
  type ConversationState,
  evolve as evolveConversation,
  initialState as initialConversationState,
} from './domain/conversation.state.js';
export { conversationEventTypes } from './domain/conversation.events.js';
export { CONVERSATION_STATES, type ConversationStatus, type Participant } from './domain/conversation.types.js';
export { conversationStreamId } from './domain/conversation.stream.js';
export { ParticipantDto } from './api/conversation.dto.js';
