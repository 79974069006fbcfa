// The module's handlers, registered once in conversations.module.ts (as the Nest CQRS example does).
import { AnswerQuestionHandler } from './answer-question.handler.js';
import { AskQuestionHandler } from './ask-question.handler.js';
import { GetConversationStatisticsHandler } from './get-conversation-statistics.handler.js';
import { GetConversationTimelineHandler } from './get-conversation-timeline.handler.js';
import { GetConversationHandler } from './get-conversation.handler.js';
import { GetMemberInboxHandler } from './get-member-inbox.handler.js';
import { GetRoutingStatisticsHandler } from './get-routing-statistics.handler.js';
import { ListConversationsHandler } from './list-conversations.handler.js';
import { SayCantHelpHandler } from './say-cant-help.handler.js';

export const commandHandlers = [AskQuestionHandler, AnswerQuestionHandler, SayCantHelpHandler];

export const queryHandlers = [
  GetConversationHandler,
  GetConversationTimelineHandler,
  ListConversationsHandler,
  GetMemberInboxHandler,
  GetConversationStatisticsHandler,
  GetRoutingStatisticsHandler,
];
