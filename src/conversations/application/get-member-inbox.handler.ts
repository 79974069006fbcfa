import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetSquadMemberQuery } from '../../organizations/index.js';
import { Database } from '../../platform/database/database.js';
import { OPEN_STATES } from '../domain/conversation.types.js';
import { type ConversationRow, SUMMARY_COLUMNS, toSummary } from './conversation-summary.row.js';
import { GetMemberInboxQuery } from './get-member-inbox.query.js';

@QueryHandler(GetMemberInboxQuery)
export class GetMemberInboxHandler implements IQueryHandler<GetMemberInboxQuery> {
  constructor(
    private readonly db: Database,
    private readonly queries: QueryBus,
  ) {}
  async execute({ tenantId, memberId, page }: GetMemberInboxQuery) {
    await this.queries.execute(new GetSquadMemberQuery(tenantId, memberId));
    const rows = await this.db.query<ConversationRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM conversations
        WHERE tenant_id = $1 AND responder_ids @> ARRAY[$2::text] AND state = ANY($5::text[]) AND asked_position > $3
        ORDER BY asked_position LIMIT $4`,
      [tenantId, memberId, page.after, page.limit + 1, OPEN_STATES],
    );
    return rows.map(toSummary);
  }
}
