import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type ReplyHeaders, type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { CreateSquadCommand } from '../application/create-squad.command.js';
import { GetSquadQuery } from '../application/get-squad.query.js';
import { ListSquadsQuery } from '../application/list-squads.query.js';
import { UpdateSquadCommand } from '../application/update-squad.command.js';
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
  @Endpoint({
    operationId: 'listSquads',
    summary: 'List the squads of your organization',
    description: 'Oldest first, cursor-paginated.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: SquadPageDto })
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
  @Endpoint({
    operationId: 'createSquad',
    summary: 'Create a squad',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'domain-rule'],
    idempotent: true,
  })
  @ApiCreatedResponse({ type: SquadDto, description: 'Created; Location and ETag are set' })
  async createSquad(@Write() { context }: WriteContext, @Body() body: CreateSquadDto): Promise<Versioned<SquadDto>> {
    const squadId = randomUUID();
    await this.commands.execute(new CreateSquadCommand(context, squadId, body.name, body.description ?? ''));
    return this.squad(context.tenantId, squadId, { Location: `/api/v1/squads/${squadId}` });
  }

  @Get(':squadId')
  @Endpoint({
    operationId: 'getSquad',
    summary: 'Get a squad',
    description: 'ETag is the squad’s version, for If-Match.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: SquadDto })
  getSquad(@CurrentPrincipal() principal: Principal, @Param('squadId', uuidParam()) squadId: string): Promise<Versioned<SquadDto>> {
    return this.squad(principal.tenantId, squadId);
  }

  @Patch(':squadId')
  @Endpoint({
    operationId: 'updateSquad',
    summary: 'Rename or describe a squad',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
    ifMatch: true,
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: SquadDto })
  async updateSquad(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: UpdateSquadDto,
  ): Promise<Versioned<SquadDto>> {
    await this.commands.execute(new UpdateSquadCommand(context, squadId, body, expectedVersion));
    return this.squad(context.tenantId, squadId);
  }

  /** The squad as the API shows it, with its version as ETag. */
  private async squad(tenantId: string, squadId: string, headers: ReplyHeaders = {}): Promise<Versioned<SquadDto>> {
    const view = await this.queries.execute(new GetSquadQuery(tenantId, squadId));
    return versioned(view.version, toSquadDto(view), headers);
  }
}
