import { Body, Controller, Get, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { expectedVersionFrom, setETag } from '../../platform/http/etag.js';
import { requestIdOf, uuidParam } from '../../platform/http/request-context.js';
import { contextOf } from '../application/command-context.js';
import { UpdateOrganizationCommand } from '../application/organizations.commands.js';
import { GetOrganizationQuery } from '../application/organizations.queries.js';
import { OrganizationDto, UpdateOrganizationDto, toOrganizationDto } from './organization.dto.js';

@ApiTags('organizations')
@ApiAuthenticated()
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':organizationId')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Get your organization', description: 'Any other organization id answers 404.' })
  @ApiParam({ name: 'organizationId', format: 'uuid' })
  @ApiOkResponse({ type: OrganizationDto, description: 'The organization; ETag is its version' })
  @ApiProblems('validation', 'forbidden', 'not-found')
  async getOrganization(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', uuidParam()) organizationId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrganizationDto> {
    const view = await this.queries.execute(new GetOrganizationQuery(principal.tenantId, organizationId));
    setETag(response, view.version);
    return toOrganizationDto(view);
  }

  @Patch(':organizationId')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename your organization or change its plan' })
  @ApiParam({ name: 'organizationId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async updateOrganization(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', uuidParam()) organizationId: string,
    @Body() body: UpdateOrganizationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrganizationDto> {
    const context = contextOf(principal, requestIdOf(request));
    await this.commands.execute(new UpdateOrganizationCommand(context, organizationId, body, expectedVersionFrom(ifMatch)));
    const view = await this.queries.execute(new GetOrganizationQuery(principal.tenantId, organizationId));
    setETag(response, view.version);
    return toOrganizationDto(view);
  }
}
