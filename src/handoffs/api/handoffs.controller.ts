import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { problem, ProblemError } from '../../platform/http/problem.js';
import { ChangeQueueItemCommand } from '../application/change-queue-item.command.js';
import { GetQueueStatisticsQuery } from '../application/get-queue-statistics.query.js';
import { HandOffSessionCommand } from '../application/hand-off-session.command.js';
import { ListQueueQuery } from '../application/list-queue.query.js';
import { ListSessionHandoffsQuery } from '../application/list-session-handoffs.query.js';
import {
  HandOffSessionDto,
  HandoffDto,
  HandoffListDto,
  ListQueueQueryDto,
  QueueItemDto,
  QueuePageDto,
  toHandoffDto,
  toQueueItemDto,
} from './handoff.dto.js';
import { QueueStatisticsDto, QueueStatisticsQueryDto } from './queue-statistics.dto.js';

const WORKERS = ['admin', 'operator', 'agent'] as const;
/** Claiming is for people: an agent hands off, a person picks up. */
const PEOPLE = ['admin', 'operator'] as const;
/** The statistics' default window. */
const STATISTICS_WINDOW_MS = 30 * 24 * 3600_000;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const CREATED = { ...ETAG, Location: { $ref: '#/components/headers/Location' } };

/** Park or escalate a session with a snapshot; its handoffs. */
@ApiTags('handoffs')
@ApiAuthenticated()
@Controller('api/v1/sessions/:sessionId/handoffs')
export class SessionHandoffsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Endpoint({
    operationId: 'handOffSession',
    summary: 'Park or escalate a session',
    description:
      'Records a snapshot (problem, status, step count, the branch map with statuses and reasons, the active branch and its summary, ' +
      'attachments’ names, time spent) and puts the handoff on the team queue; the session becomes `paused` (park) or `escalated` and ' +
      'takes no work until someone claims it (409 `…/problems/session-waiting-on-queue`). Only an active session is handed off (409 ' +
      '`…/problems/session-not-handoffable`). The answer’s ETag is the session’s version.',
    roles: WORKERS,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiCreatedResponse({ type: HandoffDto, description: 'The handoff, waiting on the queue', headers: CREATED })
  async handOffSession(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Body() body: HandOffSessionDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<HandoffDto>> {
    const handoffId = randomUUID();
    const written = await this.commands.execute(
      new HandOffSessionCommand(context, sessionId, handoffId, body.kind, body.notes, body.priority ?? 'normal'),
    );
    return versioned(written.version, toHandoffDto(written.handoff), { Location: `/api/v1/queue/${handoffId}` });
  }

  @Get()
  @Endpoint({
    operationId: 'listSessionHandoffs',
    summary: 'List a session’s handoffs',
    description: 'Oldest first, each with its snapshot, claim and briefing.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: HandoffListDto })
  async listSessionHandoffs(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', uuidParam()) sessionId: string,
  ): Promise<HandoffListDto> {
    const views = await this.queries.execute(new ListSessionHandoffsQuery(principal.tenantId, sessionId));
    return { items: views.map(toHandoffDto) };
  }
}

/** The team queue: unclaimed handoffs, elevated first; an atomic claim with a briefing, and release. */
@ApiTags('handoffs')
@ApiAuthenticated()
@Controller('api/v1/queue')
export class QueueController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listQueue',
    summary: 'List the team queue',
    description:
      'Unclaimed handoffs and questions whose escalation chain ran out (kind `question`, until answered), elevated first, then ' +
      'oldest; filter by squad, kind and priority; cursor-paginated.',
    roles: WORKERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: QueuePageDto })
  async listQueue(@CurrentPrincipal() principal: Principal, @Query() query: ListQueueQueryDto): Promise<QueuePageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new ListQueueQuery(
        principal.tenantId,
        { squadId: query.squadId, kind: query.kind, priority: query.priority },
        { after: decodeCursor(query.cursor), limit },
      ),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toQueueItemDto(row.view),
    );
  }

  @Get('statistics')
  @Endpoint({
    operationId: 'getQueueStatistics',
    summary: 'The team queue in figures',
    description:
      'What waits now by kind and priority (and since when), median and p95 time from going onto the queue to the first claim over ' +
      'items first claimed in the window, and the time active vs waiting summed over the sessions handed off in it. The window ' +
      'defaults to the 30 days before now.',
    roles: PEOPLE,
    problems: ['validation', 'forbidden'],
  })
  @ApiOkResponse({ type: QueueStatisticsDto })
  getQueueStatistics(@CurrentPrincipal() principal: Principal, @Query() query: QueueStatisticsQueryDto): Promise<QueueStatisticsDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - STATISTICS_WINDOW_MS);
    if (from >= to) throw new ProblemError(problem('validation', '`from` must be before `to`'));
    return this.queries.execute(new GetQueueStatisticsQuery(principal.tenantId, { from, to, squadId: query.squadId }));
  }

  @Post(':itemId/claim')
  @HttpCode(200)
  @Endpoint({
    operationId: 'claimQueueItem',
    summary: 'Claim a queue item',
    description:
      'Atomic: of two people claiming at once exactly one wins; the other gets 409 `…/problems/already-claimed` with `claimedBy` and ' +
      '`claimedAt`. The winner gets a briefing built from the snapshot and the notes, and the session is active again under them; ' +
      'for a question, a briefing of the question and why its chain ran out (answer it with `answerQuestion`; the answer takes it off ' +
      'the queue, and a claim after that answers 409 `…/problems/question-answered`). Operators and admins only.',
    roles: PEOPLE,
    problems: ['not-found', 'conflict'],
  })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiOkResponse({
    type: QueueItemDto,
    description: 'The claimed item with its briefing; ETag is the version of its session (or conversation)',
    headers: ETAG,
  })
  claimQueueItem(@Param('itemId', uuidParam()) itemId: string, @Write() write: WriteContext, @CurrentPrincipal() principal: Principal) {
    return this.change(itemId, 'claim', write, principal);
  }

  @Post(':itemId/release')
  @HttpCode(200)
  @Endpoint({
    operationId: 'releaseQueueItem',
    summary: 'Put a claimed item back on the queue',
    description:
      'The session (or question) waits on the queue again as it was handed off. Only the claimer or an admin (403 `…/problems/not-your-claim`); an ' +
      'item nobody claimed answers 409 `…/problems/not-claimed`.',
    roles: PEOPLE,
    problems: ['not-found', 'conflict'],
  })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiOkResponse({
    type: QueueItemDto,
    description: 'The item, waiting again; ETag is the version of its session (or conversation)',
    headers: ETAG,
  })
  releaseQueueItem(@Param('itemId', uuidParam()) itemId: string, @Write() write: WriteContext, @CurrentPrincipal() principal: Principal) {
    return this.change(itemId, 'release', write, principal);
  }

  private async change(
    itemId: string,
    change: 'claim' | 'release',
    { context }: WriteContext,
    principal: Principal,
  ): Promise<Versioned<QueueItemDto>> {
    const written = await this.commands.execute(new ChangeQueueItemCommand(context, itemId, change, principal.role === 'admin'));
    return versioned(written.version, toQueueItemDto(written.item));
  }
}
