import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { type ConversationRow, SUMMARY_COLUMNS, toSummary } from './conversation-summary.row.js';
import { ListConversationsQuery } from './list-conversations.query.js';

@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery> {
  constructor(private readonly db: Database) {}
  async execute({ tenantId, filter, page }: ListConversationsQuery) {
    const rows = await this.db.query<ConversationRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM conversations
        WHERE tenant_id = $1 AND asked_position > $2 AND ($4::text IS NULL OR squad_id = $4)
          AND ($5::text IS NULL OR state = $5) AND ($6::text IS NULL OR question_type = $6)
        ORDER BY asked_position LIMIT $3`,
      [tenantId, page.after, page.limit + 1, filter.squadId ?? null, filter.state ?? null, filter.questionType ?? null],
    );
    return rows.map(toSummary);
  }
}
