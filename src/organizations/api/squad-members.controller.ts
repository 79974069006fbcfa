import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { AddSquadMemberCommand } from '../application/add-squad-member.command.js';
import { GetSquadMemberQuery } from '../application/get-squad-member.query.js';
import { ListSquadMembersQuery } from '../application/list-squad-members.query.js';
import { RemoveSquadMemberCommand } from '../application/remove-squad-member.command.js';
import { AddSquadMemberDto, SquadMemberDto, SquadMemberPageDto, toSquadMemberDto } from './squad-member.dto.js';

@ApiTags('squads')
@ApiAuthenticated()
@Controller('api/v1/squads/:squadId/members')
export class SquadMembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listSquadMembers',
    summary: 'List the members of a squad',
    description: 'In the order they joined, cursor-paginated.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: SquadMemberPageDto })
  async listSquadMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Query() query: PageQueryDto,
  ): Promise<SquadMemberPageDto> {
    const limit = pageLimit(query);
    const page = { after: decodeCursor(query.cursor), limit };
    const rows = await this.queries.execute(new ListSquadMembersQuery(principal.tenantId, squadId, page));
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSquadMemberDto(row.view),
    );
  }

  @Post()
  @Endpoint({
    operationId: 'addSquadMember',
    summary: 'Add a member (an agent or a person) to a squad',
    description: 'The response ETag is the squad’s new version.',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
    idempotent: true,
    ifMatch: true,
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiCreatedResponse({ type: SquadMemberDto })
  async addSquadMember(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: AddSquadMemberDto,
  ): Promise<Versioned<SquadMemberDto>> {
    const member = {
      memberId: randomUUID(),
      kind: body.kind,
      role: body.role,
      displayName: body.displayName,
      agentSlug: body.agentSlug ?? null,
    };
    const written = await this.commands.execute(new AddSquadMemberCommand(context, squadId, member, expectedVersion));
    const view = await this.queries.execute(new GetSquadMemberQuery(context.tenantId, member.memberId));
    return versioned(written.version, toSquadMemberDto(view), { Location: `/api/v1/squads/${squadId}/members` });
  }

  @Delete(':memberId')
  @HttpCode(204)
  @Endpoint({
    operationId: 'removeSquadMember',
    summary: 'Remove a member from a squad',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found'],
    ifMatch: true,
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'memberId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed; ETag is the squad’s new version' })
  async removeSquadMember(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('memberId', uuidParam()) memberId: string,
  ): Promise<Versioned<undefined>> {
    const written = await this.commands.execute(new RemoveSquadMemberCommand(context, squadId, memberId, expectedVersion));
    return versioned(written.version, undefined);
  }
}
