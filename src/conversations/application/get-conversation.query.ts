import { Query } from '@nestjs/cqrs';
import type { ConversationView } from './conversation.view.js';

export class GetConversationQuery extends Query<ConversationView> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}
