import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import { GetConversationQuery } from './get-conversation.query.js';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(private readonly conversations: ConversationRepository) {}
  async execute({ tenantId, conversationId }: GetConversationQuery) {
    const { state, version } = await this.conversations.load(tenantId, conversationId);
    return toConversationView(state, version);
  }
}
