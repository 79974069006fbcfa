import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { ChangeDiscussionCommand, type DiscussionTransition } from '../application/change-discussion.command.js';
import { DecideDiscussionCommand } from '../application/decide-discussion.command.js';
import { discussionMarkdown } from '../application/discussion-export.js';
import type { DiscussionWritten } from '../application/discussion.repository.js';
import { toDiscussionView } from '../application/discussion.view.js';
import { GetDiscussionQuery } from '../application/get-discussion.query.js';
import { ListDiscussionsQuery } from '../application/list-discussions.query.js';
import { OpenDiscussionCommand } from '../application/open-discussion.command.js';
import { PostDiscussionMessageCommand } from '../application/post-discussion-message.command.js';
import { ProposeOptionCommand } from '../application/propose-option.command.js';
import { SearchDiscussionMessagesQuery } from '../application/search-discussion-messages.query.js';
import {
  DecideDiscussionDto,
  DiscussionDto,
  DiscussionMessagesDto,
  DiscussionSummaryPageDto,
  DiscussionTimelineDto,
  ExportQueryDto,
  ListDiscussionsQueryDto,
  DiscussionMessageHitsDto,
  OpenDiscussionDto,
  PostDiscussionMessageDto,
  ProposeOptionDto,
  SearchDiscussionsQueryDto,
  StopDiscussionDto,
  toDiscussionDto,
  toDiscussionMessageDto,
  toDiscussionSummaryDto,
  toMessageHitDto,
} from './discussion.dto.js';

const PEOPLE = ['admin', 'operator', 'agent'] as const;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const CREATED = { ...ETAG, Location: { $ref: '#/components/headers/Location' } };
const OVER = 'A completed or stopped discussion answers 409 `…/problems/discussion-over`.';
const TRANSITION_TEXT = 'A transition the state does not allow answers 409 `…/problems/illegal-discussion-transition`. ' + OVER;

/** A POST that moves a discussion (start, pause, resume, stop): 200 with it and its ETag, If-Match honoured. */
function DiscussionTransitionEndpoint(path: string, doc: { operationId: string; summary: string; description: string }) {
  return applyDecorators(
    Post(`:discussionId/${path}`),
    HttpCode(200),
    Endpoint({ ...doc, roles: PEOPLE, idempotent: true, ifMatch: true, problems: ['validation', 'not-found', 'conflict'] }),
    ApiParam({ name: 'discussionId', format: 'uuid' }),
    ApiOkResponse({ type: DiscussionDto, headers: ETAG }),
  );
}

class DiscussionExportDto {
  discussion!: DiscussionDto;
  messages!: DiscussionMessagesDto['items'];
}

/** Multi-agent discussions that reach a decision: open, watch, answer, steer, decide, search, export. */
@ApiTags('discussions')
@ApiAuthenticated()
@ApiExtraModels(DiscussionDto, DiscussionMessagesDto)
@Controller('api/v1/discussions')
export class DiscussionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Endpoint({
    operationId: 'openDiscussion',
    summary: 'Open a discussion',
    description:
      'Registry agents (2–10 distinct; default the five discussion personas) discuss the goal in phases — initialization, exploration, discussion, consensus — until they decide. ' +
      'Unknown agents answer 422 `…/problems/unknown-agent`, deprecated ones `…/problems/agent-deprecated`, fewer than 2 or more than 10 `…/problems/participant-count`.',
    roles: PEOPLE,
    idempotent: true,
    problems: ['validation', 'domain-rule'],
  })
  @ApiCreatedResponse({ type: DiscussionDto, description: 'The discussion; ETag is its version', headers: CREATED })
  async openDiscussion(@Body() body: OpenDiscussionDto, @Write() { context }: WriteContext): Promise<Versioned<DiscussionDto>> {
    const discussionId = randomUUID();
    const written: DiscussionWritten = await this.commands.execute(
      new OpenDiscussionCommand(context, discussionId, {
        goal: body.goal,
        agents: body.agents ?? null,
        squadId: body.squadId ?? null,
        consensus: { rule: body.consensus?.rule ?? 'supermajority', threshold: body.consensus?.threshold ?? null },
        maxRounds: body.maxRounds ?? 3,
        speakerSelection: body.speakerSelection ?? 'selector',
        userQuestionTimeoutSeconds: body.userQuestionTimeoutSeconds ?? 600,
        onUnansweredQuestion: body.onUnansweredQuestion ?? 'assume',
        autoStart: body.autoStart ?? true,
      }),
    );
    return versioned(written.version, toDiscussionDto(toDiscussionView(written.state)), {
      Location: `/api/v1/discussions/${discussionId}`,
    });
  }

  @Get()
  @Endpoint({
    operationId: 'listDiscussions',
    summary: 'List discussions',
    description: 'Oldest first, filtered by state, agent and when they were opened; cursor-paginated.',
    roles: PEOPLE,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: DiscussionSummaryPageDto })
  async listDiscussions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDiscussionsQueryDto,
  ): Promise<DiscussionSummaryPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new ListDiscussionsQuery(
        principal.tenantId,
        { status: query.state, agent: query.agent, from: query.from, to: query.to },
        { after: decodeCursor(query.cursor), limit },
      ),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toDiscussionSummaryDto(row.view),
    );
  }

  @Get('search')
  @Endpoint({
    operationId: 'searchDiscussionMessages',
    summary: 'Search all discussion messages',
    description:
      'Full-text search (English stemming) over every message of the organization’s discussions, best match first, with the matching words highlighted.',
    roles: PEOPLE,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: DiscussionMessageHitsDto })
  async searchDiscussionMessages(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SearchDiscussionsQueryDto,
  ): Promise<DiscussionMessageHitsDto> {
    const hits = await this.queries.execute(new SearchDiscussionMessagesQuery(principal.tenantId, query.q, query.limit ?? 20));
    return { items: hits.map(toMessageHitDto) };
  }

  @Get(':discussionId')
  @Endpoint({
    operationId: 'getDiscussion',
    summary: 'A discussion',
    description:
      'State, phase, round, participants, the pending question, proposals with their votes, the decision, the summary and token usage; ETag is its version.',
    roles: PEOPLE,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiOkResponse({ type: DiscussionDto, headers: ETAG })
  async getDiscussion(
    @CurrentPrincipal() principal: Principal,
    @Param('discussionId', uuidParam()) discussionId: string,
  ): Promise<Versioned<DiscussionDto>> {
    const loaded = await this.queries.execute(new GetDiscussionQuery(principal.tenantId, discussionId));
    return versioned(loaded.version, toDiscussionDto(toDiscussionView(loaded.state)));
  }

  @Get(':discussionId/messages')
  @Endpoint({
    operationId: 'getDiscussionMessages',
    summary: 'The discussion’s messages',
    description:
      'Oldest first: agents’ contributions and votes, questions to the user and answers, the user’s messages, and the moderator’s notes (why the discussion moved on).',
    roles: PEOPLE,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiOkResponse({ type: DiscussionMessagesDto })
  async getDiscussionMessages(
    @CurrentPrincipal() principal: Principal,
    @Param('discussionId', uuidParam()) discussionId: string,
  ): Promise<DiscussionMessagesDto> {
    const { state } = await this.queries.execute(new GetDiscussionQuery(principal.tenantId, discussionId));
    return { items: state.messages.map(toDiscussionMessageDto) };
  }

  @Get(':discussionId/timeline')
  @Endpoint({
    operationId: 'getDiscussionTimeline',
    summary: 'The discussion’s events',
    description: 'Every stored event of the discussion in order, with who caused it.',
    roles: PEOPLE,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiOkResponse({ type: DiscussionTimelineDto })
  async getDiscussionTimeline(
    @CurrentPrincipal() principal: Principal,
    @Param('discussionId', uuidParam()) discussionId: string,
  ): Promise<DiscussionTimelineDto> {
    const { events } = await this.queries.execute(new GetDiscussionQuery(principal.tenantId, discussionId));
    return {
      items: events.map((e) => ({
        version: e.version,
        type: e.type,
        recordedAt: e.recordedAt.toISOString(),
        actor: e.metadata.actor,
        data: { ...e.data },
      })),
    };
  }

  @Get(':discussionId/export')
  @Endpoint({
    operationId: 'exportDiscussion',
    summary: 'Export a discussion',
    description: '`format=json` (default): the discussion and its messages as the API shows them; `format=markdown`: a readable document.',
    roles: PEOPLE,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiOkResponse({
    description: 'The discussion',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['discussion', 'messages'],
          properties: {
            discussion: { $ref: getSchemaPath(DiscussionDto) },
            messages: { type: 'array', items: { $ref: '#/components/schemas/DiscussionMessageDto' } },
          },
        },
      },
      'text/markdown': { schema: { type: 'string' } },
    },
  })
  async exportDiscussion(
    @CurrentPrincipal() principal: Principal,
    @Param('discussionId', uuidParam()) discussionId: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DiscussionExportDto | string> {
    const { state } = await this.queries.execute(new GetDiscussionQuery(principal.tenantId, discussionId));
    if (query.format === 'markdown') {
      response.type('text/markdown; charset=utf-8');
      return discussionMarkdown(state);
    }
    return { discussion: toDiscussionDto(toDiscussionView(state)), messages: state.messages.map(toDiscussionMessageDto) };
  }

  @Post(':discussionId/messages')
  @Endpoint({
    operationId: 'postDiscussionMessage',
    summary: 'Say something in the discussion',
    description:
      'With `inReplyTo` naming the pending question, answers it and the discussion goes on; otherwise adds to the thread (at any time, also during an agent’s turn). ' +
      'An unknown `inReplyTo` is 404; a question no longer pending 409 `…/problems/question-not-pending`. ' +
      OVER,
    roles: PEOPLE,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiCreatedResponse({ type: DiscussionDto, headers: ETAG })
  async postDiscussionMessage(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Body() body: PostDiscussionMessageDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    const written: DiscussionWritten = await this.commands.execute(
      new PostDiscussionMessageCommand(context, discussionId, randomUUID(), body.text, body.inReplyTo ?? null),
    );
    return versioned(written.version, toDiscussionDto(toDiscussionView(written.state)));
  }

  @Post(':discussionId/proposals')
  @Endpoint({
    operationId: 'proposeOption',
    summary: 'Put an option to the participants',
    description: 'The user’s proposal is voted on like the agents’ ones; in `needs_decision` it can be chosen with `decide`. ' + OVER,
    roles: PEOPLE,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiCreatedResponse({ type: DiscussionDto, headers: ETAG })
  async proposeOption(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Body() body: ProposeOptionDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    const written: DiscussionWritten = await this.commands.execute(
      new ProposeOptionCommand(context, discussionId, randomUUID(), randomUUID(), body.text),
    );
    return versioned(written.version, toDiscussionDto(toDiscussionView(written.state)));
  }

  @Post(':discussionId/decide')
  @HttpCode(200)
  @Endpoint({
    operationId: 'decideDiscussion',
    summary: 'Break the tie',
    description:
      'Only when the participants could not agree (state `needs_decision`); otherwise 409 `…/problems/consensus-still-possible`. The outcome (summary, decision record) follows. ' +
      OVER,
    roles: PEOPLE,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'discussionId', format: 'uuid' })
  @ApiOkResponse({ type: DiscussionDto, headers: ETAG })
  async decideDiscussion(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Body() body: DecideDiscussionDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    const written: DiscussionWritten = await this.commands.execute(
      new DecideDiscussionCommand(context, discussionId, body.proposalId, body.note ?? null),
    );
    return versioned(written.version, toDiscussionDto(toDiscussionView(written.state)));
  }

  @DiscussionTransitionEndpoint('start', {
    operationId: 'startDiscussion',
    summary: 'Start a discussion opened with autoStart false',
    description: TRANSITION_TEXT,
  })
  startDiscussion(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Write() write: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    return this.change(discussionId, 'start', null, write);
  }

  @DiscussionTransitionEndpoint('pause', {
    operationId: 'pauseDiscussion',
    summary: 'Pause a discussion',
    description: `No turn starts until it is resumed; the pause survives restarts. ${TRANSITION_TEXT}`,
  })
  pauseDiscussion(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Write() write: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    return this.change(discussionId, 'pause', null, write);
  }

  @DiscussionTransitionEndpoint('resume', {
    operationId: 'resumeDiscussion',
    summary: 'Resume a paused discussion',
    description: `The turn that was due is due again; a pending question gets its full timeout again. ${TRANSITION_TEXT}`,
  })
  resumeDiscussion(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Write() write: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    return this.change(discussionId, 'resume', null, write);
  }

  @DiscussionTransitionEndpoint('stop', {
    operationId: 'stopDiscussion',
    summary: 'Stop a discussion',
    description: `Ends it without a decision. ${OVER}`,
  })
  stopDiscussion(
    @Param('discussionId', uuidParam()) discussionId: string,
    @Body() body: StopDiscussionDto,
    @Write() write: WriteContext,
  ): Promise<Versioned<DiscussionDto>> {
    return this.change(discussionId, 'stop', body.reason ?? null, write);
  }

  private async change(
    discussionId: string,
    transition: DiscussionTransition,
    reason: string | null,
    { context, expectedVersion }: WriteContext,
  ) {
    const written: DiscussionWritten = await this.commands.execute(
      new ChangeDiscussionCommand(context, discussionId, transition, reason, expectedVersion),
    );
    return versioned(written.version, toDiscussionDto(toDiscussionView(written.state)));
  }
}
