import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { expectedVersionFrom, setETag } from '../../platform/http/etag.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import {
  CreateRoutingRuleCommand,
  CreateRoutingRulesCommand,
  DeleteRoutingRuleCommand,
  SetRoutingRuleActiveCommand,
  UpdateRoutingRuleCommand,
} from '../application/routing.commands.js';
import { GetRoutingRuleQuery, ListRoutingRulesQuery } from '../application/routing.query.js';
import type { RoutingTarget } from '../application/routing-target.js';
import { RoutingWriteResponder, routingContextOf } from './routing-http.js';
import {
  BulkCreateRoutingRulesDto,
  CreateRoutingRuleDto,
  ListRoutingRulesQueryDto,
  RoutingRuleDto,
  RoutingRulePageDto,
  UpdateRoutingRuleDto,
  changesOf,
  specOf,
  toRoutingRuleDto,
} from './routing-rule.dto.js';
import { RoutingRulesWrittenDto } from './routing-validation.dto.js';

/** A squad's own routing rules: they take precedence over the organization's and the default template's. */
@ApiTags('routing')
@ApiAuthenticated()
@Controller('api/v1/squads/:squadId/routing/rules')
export class SquadRoutingRulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly responder: RoutingWriteResponder,
  ) {}

  @Get()
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'listSquadRoutingRules',
    summary: 'List a squad’s routing rules',
    description: 'In creation order, cursor-paginated.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingRulePageDto })
  @ApiProblems('validation', 'not-found')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Query() query: ListRoutingRulesQueryDto,
  ): Promise<RoutingRulePageDto> {
    const limit = pageLimit(query);
    const page = { after: decodeCursor(query.cursor), limit, askerRole: query.askerRole };
    const rows = await this.queries.execute(new ListRoutingRulesQuery(principal.tenantId, { kind: 'squad', squadId }, page));
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toRoutingRuleDto(row.rule),
    );
  }

  @Get(':ruleId')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'getSquadRoutingRule', summary: 'Get one of a squad’s routing rules' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'ruleId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingRuleDto })
  @ApiProblems('validation', 'not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('ruleId', uuidParam()) ruleId: string,
  ): Promise<RoutingRuleDto> {
    return toRoutingRuleDto(await this.queries.execute(new GetRoutingRuleQuery(principal.tenantId, { kind: 'squad', squadId }, ruleId)));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'createSquadRoutingRule',
    summary: 'Create a routing rule',
    description: 'Answers with the rule and the validation warnings of the configuration after it.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIdempotent()
  @ApiIfMatch()
  @ApiCreatedResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: CreateRoutingRuleDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutingRulesWrittenDto> {
    const target: RoutingTarget = { kind: 'squad', squadId };
    const written = await this.commands.execute(
      new CreateRoutingRuleCommand(routingContextOf(principal, request), target, specOf(body), expectedVersionFrom(ifMatch)),
    );
    setETag(response, written.version);
    return this.responder.respond(principal.tenantId, target, written);
  }

  @Post('bulk')
  @Roles('admin')
  @ApiOperation({ operationId: 'bulkCreateSquadRoutingRules', summary: 'Create several routing rules, all or nothing' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIdempotent()
  @ApiIfMatch()
  @ApiCreatedResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async bulkCreate(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: BulkCreateRoutingRulesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutingRulesWrittenDto> {
    const target: RoutingTarget = { kind: 'squad', squadId };
    const specs = body.rules.map((rule, index) => specOf(rule, `rules.${index}`));
    const written = await this.commands.execute(
      new CreateRoutingRulesCommand(routingContextOf(principal, request), target, specs, expectedVersionFrom(ifMatch)),
    );
    setETag(response, written.version);
    return this.responder.respond(principal.tenantId, target, written);
  }

  @Patch(':ruleId')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateSquadRoutingRule', summary: 'Change a routing rule' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'ruleId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('ruleId', uuidParam()) ruleId: string,
    @Body() body: UpdateRoutingRuleDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutingRulesWrittenDto> {
    const target: RoutingTarget = { kind: 'squad', squadId };
    const written = await this.commands.execute(
      new UpdateRoutingRuleCommand(routingContextOf(principal, request), target, ruleId, changesOf(body), expectedVersionFrom(ifMatch)),
    );
    setETag(response, written.version);
    return this.responder.respond(principal.tenantId, target, written);
  }

  @Post(':ruleId/activate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'activateSquadRoutingRule', summary: 'Activate a routing rule' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'ruleId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found')
  activate(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('ruleId', uuidParam()) ruleId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutingRulesWrittenDto> {
    return this.setActive(principal, { kind: 'squad', squadId }, ruleId, true, ifMatch, request, response);
  }

  @Post(':ruleId/deactivate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deactivateSquadRoutingRule',
    summary: 'Deactivate a routing rule',
    description: 'Inactive rules stay listed but never route.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'ruleId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found')
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('ruleId', uuidParam()) ruleId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutingRulesWrittenDto> {
    return this.setActive(principal, { kind: 'squad', squadId }, ruleId, false, ifMatch, request, response);
  }

  @Delete(':ruleId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteSquadRoutingRule', summary: 'Delete a routing rule' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiParam({ name: 'ruleId', format: 'uuid' })
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted; the ETag is the new version' })
  @ApiProblems('validation', 'forbidden', 'not-found')
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Param('ruleId', uuidParam()) ruleId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const written = await this.commands.execute(
      new DeleteRoutingRuleCommand(routingContextOf(principal, request), { kind: 'squad', squadId }, ruleId, expectedVersionFrom(ifMatch)),
    );
    setETag(response, written.version);
  }

  private async setActive(
    principal: Principal,
    target: RoutingTarget,
    ruleId: string,
    active: boolean,
    ifMatch: string | undefined,
    request: Request,
    response: Response,
  ) {
    const written = await this.commands.execute(
      new SetRoutingRuleActiveCommand(routingContextOf(principal, request), target, ruleId, active, expectedVersionFrom(ifMatch)),
    );
    setETag(response, written.version);
    return this.responder.respond(principal.tenantId, target, written);
  }
}
