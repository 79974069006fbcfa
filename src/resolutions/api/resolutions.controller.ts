import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { GetSessionQuery, SessionDto, toSessionDto } from '../../branching/index.js';
import { ListSessionOutputsQuery } from '../application/list-session-outputs.query.js';
import { ReopenSessionCommand } from '../application/reopen-session.command.js';
import { ResolveSessionCommand } from '../application/resolve-session.command.js';
import { ListOutputsQueryDto, OutputListDto, ReopenSessionDto, ResolutionDto, ResolveSessionDto, toOutputDto } from './output.dto.js';

const WORKERS = ['admin', 'operator', 'agent'] as const;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };

/** Resolve a session (its three documents are drafted afterwards), re-open it, and list its documents. */
@ApiTags('resolutions')
@ApiAuthenticated()
@Controller('api/v1/sessions/:sessionId')
export class SessionResolutionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('resolve')
  @Endpoint({
    operationId: 'resolveSession',
    summary: 'Resolve a session',
    description:
      'The session is `resolved` at once and takes no more work (409 `…/problems/session-resolved`); three documents are then drafted ' +
      '— PSA ticket notes, a knowledge-base article (with “Rule out first”: every dead end and why) and a client summary — each ' +
      '`generating` until its draft arrives (retried with backoff; `failed` after the last try, and it can be regenerated). The answer ' +
      'never waits for the model. A resolved session answers 409 `…/problems/session-already-resolved`; one waiting on the queue, 409 ' +
      '`…/problems/session-waiting-on-queue`. ETag: the session’s version.',
    roles: WORKERS,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiCreatedResponse({ type: ResolutionDto, headers: ETAG })
  async resolveSession(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Body() body: ResolveSessionDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<ResolutionDto>> {
    const written = await this.commands.execute(
      new ResolveSessionCommand(context, sessionId, body.resolution, body.rootCause ?? null, body.solvedBranchId ?? null, expectedVersion),
    );
    return versioned(written.version, {
      sessionId,
      resolutionId: written.resolutionId,
      status: 'resolved',
      outputs: written.outputs.map(toOutputDto),
    });
  }

  @Post('reopen')
  @HttpCode(200)
  @Endpoint({
    operationId: 'reopenSession',
    summary: 'Re-open a resolved session',
    description:
      'Active again, branches as they were. Its documents stay as they are; resolving again drafts new ones that replace them as the ' +
      'current documents (the earlier ones are kept: `GET …/outputs?history=true`). A session that is not resolved answers 409 ' +
      '`…/problems/session-not-resolved`.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: SessionDto, headers: ETAG })
  async reopenSession(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Body() body: ReopenSessionDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    await this.commands.execute(new ReopenSessionCommand(context, sessionId, body.reason ?? null, expectedVersion));
    const view = await this.queries.execute(new GetSessionQuery(context.tenantId, sessionId));
    return versioned(view.version, toSessionDto(view));
  }

  @Get('outputs')
  @Endpoint({
    operationId: 'listSessionOutputs',
    summary: 'List a session’s resolution documents',
    description:
      'The current PSA notes, article and client summary, each with its status and versions; `history=true` adds earlier resolutions’.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: OutputListDto })
  async listSessionOutputs(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', uuidParam()) sessionId: string,
    @Query() query: ListOutputsQueryDto,
  ): Promise<OutputListDto> {
    const views = await this.queries.execute(new ListSessionOutputsQuery(principal.tenantId, sessionId, query.history === 'true'));
    return { items: views.map(toOutputDto) };
  }
}
