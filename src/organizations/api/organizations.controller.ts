import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { GetOrganizationQuery } from '../application/get-organization.query.js';
import { UpdateOrganizationCommand } from '../application/update-organization.command.js';
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
  @Endpoint({
    operationId: 'getOrganization',
    summary: 'Get your organization',
    description: 'Any other organization id answers 404.',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'organizationId', format: 'uuid' })
  @ApiOkResponse({ type: OrganizationDto, description: 'The organization; ETag is its version' })
  getOrganization(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', uuidParam()) organizationId: string,
  ): Promise<Versioned<OrganizationDto>> {
    return this.organization(principal.tenantId, organizationId);
  }

  @Patch(':organizationId')
  @Endpoint({
    operationId: 'updateOrganization',
    summary: 'Rename your organization or change its plan',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
    ifMatch: true,
  })
  @ApiParam({ name: 'organizationId', format: 'uuid' })
  @ApiOkResponse({ type: OrganizationDto })
  async updateOrganization(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('organizationId', uuidParam()) organizationId: string,
    @Body() body: UpdateOrganizationDto,
  ): Promise<Versioned<OrganizationDto>> {
    await this.commands.execute(new UpdateOrganizationCommand(context, organizationId, body, expectedVersion));
    return this.organization(context.tenantId, organizationId);
  }

  /** The organization as the API shows it, with its version as ETag. */
  private async organization(tenantId: string, organizationId: string): Promise<Versioned<OrganizationDto>> {
    const view = await this.queries.execute(new GetOrganizationQuery(tenantId, organizationId));
    return versioned(view.version, toOrganizationDto(view));
  }
}
