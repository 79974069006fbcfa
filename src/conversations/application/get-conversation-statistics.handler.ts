import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetSquadQuery } from '../../organizations/index.js';
import { ConversationStatisticsReader } from './conversation-statistics.js';
import { GetConversationStatisticsQuery } from './get-conversation-statistics.query.js';

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
