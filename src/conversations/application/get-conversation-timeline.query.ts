import { Query } from '@nestjs/cqrs';
import type { TimelineEntry } from './conversation.view.js';

/** Every event of the conversation, in order, with its time and actor. */
export class GetConversationTimelineQuery extends Query<TimelineEntry[]> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}
