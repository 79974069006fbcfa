import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { AnswerQuestionCommand } from '../application/answer-question.command.js';
import { AskQuestionCommand } from '../application/ask-question.command.js';
import { SayCantHelpCommand } from '../application/say-cant-help.command.js';
import { GetConversationQuery } from '../application/get-conversation.query.js';
import { GetConversationTimelineQuery } from '../application/get-conversation-timeline.query.js';
import { ListConversationsQuery } from '../application/list-conversations.query.js';
import { actingMember } from './acting-member.js';
import {
  AnswerQuestionDto,
  AskQuestionDto,
  CantHelpDto,
  ConversationDto,
  ConversationSummaryPageDto,
  ListConversationsQueryDto,
  TimelineDto,
  toConversationDto,
  toSummaryDto,
  toTimelineDto,
} from './conversation.dto.js';

/** Routed questions: ask, follow, answer or pass on. Timeouts, follow-ups and escalations happen on their own. */
@ApiTags('conversations')
@ApiAuthenticated()
@Controller('api/v1')
export class ConversationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('squads/:squadId/conversations')
  @Endpoint({
    operationId: 'askQuestion',
    summary: 'Ask a question in a squad',
    description:
      'Resolves the routing chain for the asker’s role and the question type, stores it (with why each rule was chosen) and hands the ' +
      'question to the first staffed level. The responders’ side acknowledges it, then the squad’s timeouts run: follow-up, then ' +
      'escalation to the next level, until it is answered or the chain runs out (state `unanswered`).',
    roles: ['admin', 'operator', 'agent'],
    idempotent: true,
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiCreatedResponse({ type: ConversationDto, description: 'The conversation; ETag is its version' })
  async askQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: AskQuestionDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<ConversationDto>> {
    const asker = actingMember(principal, body.askerMemberId, 'askerMemberId');
    const conversationId = randomUUID();
    const written = await this.commands.execute(
      new AskQuestionCommand(context, squadId, asker, body.questionType ?? 'default', body.text, conversationId, randomUUID()),
    );
    return versioned(written.version, toConversationDto(written.conversation), { Location: `/api/v1/conversations/${conversationId}` });
  }

  @Get('conversations')
  @Endpoint({
    operationId: 'listConversations',
    summary: 'List conversations',
    description: 'Oldest first, filtered by squad, state and question type; cursor-paginated.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: ConversationSummaryPageDto })
  async listConversations(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListConversationsQueryDto,
  ): Promise<ConversationSummaryPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new ListConversationsQuery(
        principal.tenantId,
        { squadId: query.squadId, state: query.state, questionType: query.type },
        { after: decodeCursor(query.cursor), limit },
      ),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSummaryDto(row.view),
    );
  }

  @Get('conversations/:conversationId')
  @Endpoint({
    operationId: 'getConversation',
    summary: 'A conversation with its messages',
    description: 'Read from its events; ETag is its version.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationDto })
  async getConversation(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
  ): Promise<Versioned<ConversationDto>> {
    const view = await this.queries.execute(new GetConversationQuery(principal.tenantId, conversationId));
    return versioned(view.version, toConversationDto(view));
  }

  @Get('conversations/:conversationId/timeline')
  @Endpoint({
    operationId: 'getConversationTimeline',
    summary: 'Every step of a conversation',
    description: 'Each event in order, with its time and actor.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: TimelineDto })
  async getConversationTimeline(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
  ): Promise<TimelineDto> {
    return toTimelineDto(await this.queries.execute(new GetConversationTimelineQuery(principal.tenantId, conversationId)));
  }

  @Post('conversations/:conversationId/answer')
  @HttpCode(200)
  @Endpoint({
    operationId: 'answerQuestion',
    summary: 'Answer a question',
    description: 'By a member the question reached (while open), or by any member but the asker once it is unanswered. Stops its timeouts.',
    roles: ['operator', 'agent'],
    idempotent: true,
    problems: ['validation', 'forbidden', 'not-found', 'conflict', 'domain-rule'],
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationDto })
  async answerQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
    @Body() body: AnswerQuestionDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<ConversationDto>> {
    const memberId = actingMember(principal, body.memberId, 'memberId');
    const written = await this.commands.execute(
      new AnswerQuestionCommand(context, conversationId, memberId, body.text, body.parentMessageId ?? null, randomUUID()),
    );
    return versioned(written.version, toConversationDto(written.conversation));
  }

  @Post('conversations/:conversationId/cant-help')
  @HttpCode(200)
  @Endpoint({
    operationId: 'sayCantHelp',
    summary: 'Say you cannot help',
    description:
      'A current responder passes the question on: to `referToMemberId` when given, else it stays with the other responders of the level, ' +
      'else it escalates to the next level (or, past the last one, becomes `unanswered`).',
    roles: ['operator', 'agent'],
    idempotent: true,
    problems: ['validation', 'forbidden', 'not-found', 'conflict', 'domain-rule'],
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationDto })
  async sayCantHelp(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
    @Body() body: CantHelpDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<ConversationDto>> {
    const memberId = actingMember(principal, body.memberId, 'memberId');
    const written = await this.commands.execute(
      new SayCantHelpCommand(
        context,
        conversationId,
        memberId,
        body.reason ?? '',
        body.referToMemberId ?? null,
        randomUUID(),
        randomUUID(),
      ),
    );
    return versioned(written.version, toConversationDto(written.conversation));
  }
}
