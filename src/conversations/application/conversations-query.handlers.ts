import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetSquadMemberQuery, GetSquadQuery } from '../../organizations/index.js';
import { Database } from '../../platform/database/database.js';
import { OPEN_STATES } from '../domain/conversation.types.js';
import { ConversationStatisticsReader } from './conversation-statistics.js';
import { type ConversationRow, SUMMARY_COLUMNS, toSummary } from './conversation-summary.row.js';
import { toConversationView } from './conversation.view.js';
import { ConversationRepository } from './conversation.repository.js';
import {
  GetConversationQuery,
  GetConversationStatisticsQuery,
  GetConversationTimelineQuery,
  GetMemberInboxQuery,
  ListConversationsQuery,
} from './conversations.queries.js';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(private readonly conversations: ConversationRepository) {}
  async execute({ tenantId, conversationId }: GetConversationQuery) {
    const { state, version } = await this.conversations.load(tenantId, conversationId);
    return toConversationView(state, version);
  }
}

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

@QueryHandler(GetConversationStatisticsQuery)
export class GetConversationStatisticsHandler implements IQueryHandler<GetConversationStatisticsQuery> {
  constructor(
    private readonly statistics: ConversationStatisticsReader,
    private readonly queries: QueryBus,
  ) {}
  async execute({ tenantId, squadId }: GetConversationStatisticsQuery) {
    await this.queries.execute(new GetSquadQuery(tenantId, squadId));
    return this.statistics.forSquad(tenantId, squadId);
  }
}

export const conversationQueryHandlers = [
  GetConversationHandler,
  GetConversationTimelineHandler,
  ListConversationsHandler,
  GetMemberInboxHandler,
  GetConversationStatisticsHandler,
];
