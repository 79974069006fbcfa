import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ConversationRepository } from './conversation.repository.js';
import { GetConversationTimelineQuery } from './get-conversation-timeline.query.js';

@QueryHandler(GetConversationTimelineQuery)
export class GetConversationTimelineHandler implements IQueryHandler<GetConversationTimelineQuery> {
  constructor(private readonly conversations: ConversationRepository) {}
  async execute({ tenantId, conversationId }: GetConversationTimelineQuery) {
    const { events } = await this.conversations.load(tenantId, conversationId);
    return events.map((event) => ({
      position: event.position,
      version: event.version,
      type: event.type,
      at: new Date(event.recordedAt).toISOString(),
      actor: event.metadata.actor,
      data: event.data,
    }));
  }
}
