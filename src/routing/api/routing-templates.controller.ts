import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { CreateRoutingTemplateCommand } from '../application/create-routing-template.command.js';
import { DeleteRoutingTemplateCommand } from '../application/delete-routing-template.command.js';
import { GetRoutingTemplateQuery } from '../application/get-routing-template.query.js';
import { ListRoutingTemplatesQuery } from '../application/list-routing-templates.query.js';
import { UpdateRoutingTemplateCommand } from '../application/update-routing-template.command.js';
import {
  CreateRoutingTemplateDto,
  CreatedRoutingTemplateDto,
  RoutingTemplateDto,
  RoutingTemplateListDto,
  TEMPLATE_ID,
  UpdateRoutingTemplateDto,
  toRoutingTemplateDto,
} from './routing-template.dto.js';

function templateIdParam(templateId: string): string {
  if (!TEMPLATE_ID.test(templateId))
    throw new ProblemError(problem('validation', 'templateId must be a built-in id such as builtin:devops-team or a UUID'));
  return templateId;
}

/** Routing templates: the shipped ones, the organization's own, and other organizations' public ones. */
@ApiTags('routing')
@ApiAuthenticated()
@Controller('api/v1/routing/templates')
export class RoutingTemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listRoutingTemplates',
    summary: 'List the routing templates you can use',
    description: 'Not paginated: an organization has few templates.',
    roles: ['admin', 'operator', 'agent'],
  })
  @ApiOkResponse({ type: RoutingTemplateListDto })
  async listRoutingTemplates(@CurrentPrincipal() principal: Principal): Promise<RoutingTemplateListDto> {
    const templates = await this.queries.execute(new ListRoutingTemplatesQuery(principal.tenantId));
    return { items: templates.map(toRoutingTemplateDto) };
  }

  @Get(':templateId')
  @Endpoint({
    operationId: 'getRoutingTemplate',
    summary: 'Get a routing template',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'templateId', example: 'builtin:standard-software-team' })
  @ApiOkResponse({ type: RoutingTemplateDto })
  async getRoutingTemplate(@CurrentPrincipal() principal: Principal, @Param('templateId') templateId: string): Promise<RoutingTemplateDto> {
    return toRoutingTemplateDto(await this.queries.execute(new GetRoutingTemplateQuery(principal.tenantId, templateIdParam(templateId))));
  }

  @Post()
  @Endpoint({
    operationId: 'createRoutingTemplate',
    summary: 'Create an organization template',
    description: 'From a squad’s current rules (`fromSquadId`) or from explicit `rules`.',
    roles: ['admin'],
    idempotent: true,
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiCreatedResponse({ type: CreatedRoutingTemplateDto })
  async createRoutingTemplate(
    @Write() { context }: WriteContext,
    @Body() body: CreateRoutingTemplateDto,
  ): Promise<CreatedRoutingTemplateDto> {
    if ((body.fromSquadId === undefined) === (body.rules === undefined)) {
      throw new ProblemError(problem('validation', 'give exactly one of fromSquadId and rules'));
    }
    const template = {
      name: body.name,
      description: body.description ?? '',
      isPublic: body.isPublic ?? false,
      isDefault: body.isDefault ?? false,
    };
    const source = body.fromSquadId !== undefined ? { fromSquadId: body.fromSquadId } : { rules: body.rules ?? [] };
    return this.commands.execute(new CreateRoutingTemplateCommand(context, template, source));
  }

  @Patch(':templateId')
  @Endpoint({
    operationId: 'updateRoutingTemplate',
    summary: 'Rename, describe, publish or make default an organization template',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiParam({
    name: 'templateId',
    description: 'The id of one of your templates (a UUID); built-in ones (`builtin:…`) cannot be changed',
    example: '3f6c1d2e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
  })
  @ApiOkResponse({ type: RoutingTemplateDto })
  async updateRoutingTemplate(
    @Write() { context }: WriteContext,
    @Param('templateId') templateId: string,
    @Body() body: UpdateRoutingTemplateDto,
  ): Promise<RoutingTemplateDto> {
    const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    await this.commands.execute(new UpdateRoutingTemplateCommand(context, templateIdParam(templateId), changes));
    return toRoutingTemplateDto(await this.queries.execute(new GetRoutingTemplateQuery(context.tenantId, templateId)));
  }

  @Delete(':templateId')
  @HttpCode(204)
  @Endpoint({
    operationId: 'deleteRoutingTemplate',
    summary: 'Delete an organization template',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiParam({
    name: 'templateId',
    description: 'The id of one of your templates (a UUID); built-in ones (`builtin:…`) cannot be changed',
    example: '3f6c1d2e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteRoutingTemplate(@Write() { context }: WriteContext, @Param('templateId') templateId: string): Promise<void> {
    await this.commands.execute(new DeleteRoutingTemplateCommand(context, templateIdParam(templateId)));
  }
}
