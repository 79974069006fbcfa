import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { GetConversationStatisticsQuery } from '../application/get-conversation-statistics.query.js';
import { GetMemberInboxQuery } from '../application/get-member-inbox.query.js';
import { ConversationStatisticsDto } from './conversation-statistics.dto.js';
import { ConversationSummaryPageDto, toSummaryDto } from './conversation.dto.js';

/** Conversations seen from a member (their inbox) and from a squad (its statistics). */
@ApiTags('conversations')
@ApiAuthenticated()
@Controller('api/v1')
export class ConversationViewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('members/:memberId/inbox')
  @Endpoint({
    operationId: 'getMemberInbox',
    summary: 'Questions waiting on a member',
    description: 'Open conversations whose current responders include the member, oldest first; cursor-paginated.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'memberId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationSummaryPageDto })
  async getMemberInbox(
    @CurrentPrincipal() principal: Principal,
    @Param('memberId', uuidParam()) memberId: string,
    @Query() query: PageQueryDto,
  ): Promise<ConversationSummaryPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new GetMemberInboxQuery(principal.tenantId, memberId, { after: decodeCursor(query.cursor), limit }),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSummaryDto(row.view),
    );
  }

  @Get('squads/:squadId/conversations/statistics')
  @Endpoint({
    operationId: 'getConversationStatistics',
    summary: 'How a squad’s questions get answered',
    description: 'Time to acknowledge and to answer (average, p50, p95), and the escalation rate by level and by routing rule.',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationStatisticsDto })
  getConversationStatistics(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
  ): Promise<ConversationStatisticsDto> {
    return this.queries.execute(new GetConversationStatisticsQuery(principal.tenantId, squadId));
  }
}
