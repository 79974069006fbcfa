import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { expectedVersionFrom, setETag } from '../../platform/http/etag.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { requestIdOf, uuidParam } from '../../platform/http/request-context.js';
import { contextOf } from '../application/command-context.js';
import { CreateSquadCommand, UpdateSquadCommand } from '../application/organizations.commands.js';
import { GetSquadQuery, ListSquadsQuery } from '../application/organizations.queries.js';
import { CreateSquadDto, SquadDto, SquadPageDto, UpdateSquadDto, toSquadDto } from './squad.dto.js';

@ApiTags('squads')
@ApiAuthenticated()
@Controller('api/v1/squads')
export class SquadsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ summary: 'List the squads of your organization', description: 'Oldest first, cursor-paginated.' })
  @ApiOkResponse({ type: SquadPageDto })
  @ApiProblems('validation')
  async listSquads(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<SquadPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(new ListSquadsQuery(principal.tenantId, { after: decodeCursor(query.cursor), limit }));
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSquadDto(row.view),
    );
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a squad' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: SquadDto, description: 'Created; Location and ETag are set' })
  @ApiProblems('validation', 'forbidden', 'domain-rule')
  async createSquad(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSquadDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SquadDto> {
    const context = contextOf(principal, requestIdOf(request));
    const squadId = randomUUID();
    await this.commands.execute(new CreateSquadCommand(context, squadId, body.name, body.description ?? ''));
    const view = await this.queries.execute(new GetSquadQuery(principal.tenantId, squadId));
    response.setHeader('Location', `/api/v1/squads/${squadId}`);
    setETag(response, view.version);
    return toSquadDto(view);
  }

  @Get(':squadId')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ summary: 'Get a squad', description: 'ETag is the squad’s version, for If-Match.' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: SquadDto })
  @ApiProblems('validation', 'not-found')
  async getSquad(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SquadDto> {
    const view = await this.queries.execute(new GetSquadQuery(principal.tenantId, squadId));
    setETag(response, view.version);
    return toSquadDto(view);
  }

  @Patch(':squadId')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename or describe a squad' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: SquadDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async updateSquad(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: UpdateSquadDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SquadDto> {
    const context = contextOf(principal, requestIdOf(request));
    await this.commands.execute(new UpdateSquadCommand(context, squadId, body, expectedVersionFrom(ifMatch)));
    const view = await this.queries.execute(new GetSquadQuery(principal.tenantId, squadId));
    setETag(response, view.version);
    return toSquadDto(view);
  }
}
