import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../platform/decider/clock.js';
import type { CommandContext } from '../../platform/decider/command-context.js';
import { ApiAuthenticated, ApiIdempotent, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { setETag } from '../../platform/http/etag.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { requestIdOf, uuidParam } from '../../platform/http/request-context.js';
import { requestContextOf } from '../../platform/http/write-context.decorator.js';
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
    private readonly clock: Clock,
  ) {}

  private contextOf(principal: Principal, request: Request): CommandContext {
    return { ...requestContextOf(principal, requestIdOf(request)), now: this.clock.now().toISOString() };
  }

  @Post('squads/:squadId/conversations')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'askQuestion',
    summary: 'Ask a question in a squad',
    description:
      'Resolves the routing chain for the asker’s role and the question type, stores it (with why each rule was chosen) and hands the ' +
      'question to the first staffed level. The responders’ side acknowledges it, then the squad’s timeouts run: follow-up, then ' +
      'escalation to the next level, until it is answered or the chain runs out (state `unanswered`).',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: ConversationDto, description: 'The conversation; ETag is its version' })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async askQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: AskQuestionDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationDto> {
    const asker = actingMember(principal, body.askerMemberId, 'askerMemberId');
    const conversationId = randomUUID();
    const written = await this.commands.execute(
      new AskQuestionCommand(
        this.contextOf(principal, request),
        squadId,
        asker,
        body.questionType ?? 'default',
        body.text,
        conversationId,
        randomUUID(),
      ),
    );
    response.setHeader('Location', `/api/v1/conversations/${conversationId}`);
    setETag(response, written.version);
    return toConversationDto(written.conversation);
  }

  @Get('conversations')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'listConversations',
    summary: 'List conversations',
    description: 'Oldest first, filtered by squad, state and question type; cursor-paginated.',
  })
  @ApiOkResponse({ type: ConversationSummaryPageDto })
  @ApiProblems('validation')
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
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'getConversation',
    summary: 'A conversation with its messages',
    description: 'Read from its events; ETag is its version.',
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems('validation', 'not-found')
  async getConversation(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationDto> {
    const view = await this.queries.execute(new GetConversationQuery(principal.tenantId, conversationId));
    setETag(response, view.version);
    return toConversationDto(view);
  }

  @Get('conversations/:conversationId/timeline')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'getConversationTimeline',
    summary: 'Every step of a conversation',
    description: 'Each event in order, with its time and actor.',
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ type: TimelineDto })
  @ApiProblems('validation', 'not-found')
  async getConversationTimeline(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
  ): Promise<TimelineDto> {
    return toTimelineDto(await this.queries.execute(new GetConversationTimelineQuery(principal.tenantId, conversationId)));
  }

  @Post('conversations/:conversationId/answer')
  @Roles('operator', 'agent')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'answerQuestion',
    summary: 'Answer a question',
    description: 'By a member the question reached (while open), or by any member but the asker once it is unanswered. Stops its timeouts.',
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiIdempotent()
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'conflict', 'domain-rule')
  async answerQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
    @Body() body: AnswerQuestionDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationDto> {
    const memberId = actingMember(principal, body.memberId, 'memberId');
    const written = await this.commands.execute(
      new AnswerQuestionCommand(
        this.contextOf(principal, request),
        conversationId,
        memberId,
        body.text,
        body.parentMessageId ?? null,
        randomUUID(),
      ),
    );
    setETag(response, written.version);
    return toConversationDto(written.conversation);
  }

  @Post('conversations/:conversationId/cant-help')
  @Roles('operator', 'agent')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'sayCantHelp',
    summary: 'Say you cannot help',
    description:
      'A current responder passes the question on: to `referToMemberId` when given, else it stays with the other responders of the level, ' +
      'else it escalates to the next level (or, past the last one, becomes `unanswered`).',
  })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiIdempotent()
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'conflict', 'domain-rule')
  async sayCantHelp(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId', uuidParam()) conversationId: string,
    @Body() body: CantHelpDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationDto> {
    const memberId = actingMember(principal, body.memberId, 'memberId');
    const written = await this.commands.execute(
      new SayCantHelpCommand(
        this.contextOf(principal, request),
        conversationId,
        memberId,
        body.reason ?? '',
        body.referToMemberId ?? null,
        randomUUID(),
        randomUUID(),
      ),
    );
    setETag(response, written.version);
    return toConversationDto(written.conversation);
  }
}
