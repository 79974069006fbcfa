import { Query } from '@nestjs/cqrs';
import type { ConversationStatus } from '../domain/conversation.types.js';
import type { ConversationStatistics } from './conversation-statistics.js';
import type { ConversationSummary, ConversationView, TimelineEntry } from './conversation.view.js';

export interface PageRequest {
  after: number;
  limit: number;
}

export type KeyedSummary = { key: number; view: ConversationSummary };

export class GetConversationQuery extends Query<ConversationView> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}

/** Every event of the conversation, in order, with its time and actor. */
export class GetConversationTimelineQuery extends Query<TimelineEntry[]> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}

export interface ConversationFilter {
  squadId?: string;
  state?: ConversationStatus;
  questionType?: string;
}

export class ListConversationsQuery extends Query<KeyedSummary[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: ConversationFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** Open questions currently waiting on a member, oldest first. */
export class GetMemberInboxQuery extends Query<KeyedSummary[]> {
  constructor(
    readonly tenantId: string,
    readonly memberId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

export class GetConversationStatisticsQuery extends Query<ConversationStatistics> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
