import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { expectedVersionFrom, setETag } from '../../platform/http/etag.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { requestIdOf, uuidParam } from '../../platform/http/request-context.js';
import { contextOf } from '../application/command-context.js';
import { AddSquadMemberCommand, RemoveSquadMemberCommand } from '../application/organizations.commands.js';
import { GetSquadMemberQuery, ListSquadMembersQuery } from '../application/organizations.queries.js';
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
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ summary: 'List the members of a squad', description: 'In the order they joined, cursor-paginated.' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: SquadMemberPageDto })
  @ApiProblems('validation', 'not-found')
  async listSquadMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Query() query: PageQueryDto,
  ): Promise<SquadMemberPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new ListSquadMembersQuery(principal.tenantId, squadId, { after: decodeCursor(query.cursor), limit }),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSquadMemberDto(row.view),
    );
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a member (an agent or a person) to a squad', description: 'The response ETag is the squad’s new version.' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIdempotent()
  @ApiIfMatch()
  @ApiCreatedResponse({ type: SquadMemberDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async addSquadMember(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: AddSquadMemberDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SquadMemberDto> {
    const context = contextOf(principal, requestIdOf(request));
    const member = {
      memberId: randomUUID(),
      kind: body.kind,
      role: body.role,
      displayName: body.displayName,
      agentSlug: body.agentSlug ?? null,
    };
    const written = await this.commands.execute(new AddSquadMemberCommand(context, squadId, member, expectedVersionFrom(ifMatch)));
    const view = await this.queries.execute(new GetSquadMemberQuery(principal.tenantId, member.memberId));
    response.setHeader('Location', `/api/v1/squads/${squadId}/members`);
    setETag(response, written.version);
    return toSquadMemberDto(view);
  }

  @Delete(':memberId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from a squad' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'memberId', format: 'uuid' })
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Removed; ETag is the squad’s new version' })
  @ApiProblems('validation', 'forbidden', 'not-found')
  async removeSquadMember(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('memberId', uuidParam()) memberId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const context = contextOf(principal, requestIdOf(request));
    const written = await this.commands.execute(new RemoveSquadMemberCommand(context, squadId, memberId, expectedVersionFrom(ifMatch)));
    setETag(response, written.version);
  }
}
