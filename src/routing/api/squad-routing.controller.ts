import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiIdempotent, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { ETagInterceptor, type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { ApplyRoutingTemplateCommand } from '../application/apply-routing-template.command.js';
import { ChangeInteractionSettingsCommand } from '../application/change-interaction-settings.command.js';
import { GetInteractionSettingsQuery } from '../application/get-interaction-settings.query.js';
import { GetRoutingChainQuery } from '../application/get-routing-chain.query.js';
import { GetRoutingStatisticsQuery } from '../application/get-routing-statistics.query.js';
import { ValidateSquadRoutingQuery } from '../application/validate-squad-routing.query.js';
import { DEFAULT_QUESTION_TYPE } from '../domain/routing-rule.js';
import { InteractionSettingsDto, RoutingStatisticsDto, UpdateInteractionSettingsDto } from './interaction-settings.dto.js';
import { ChainQueryDto, RoutingChainDto, toRoutingChainDto } from './routing-chain.dto.js';
import { RoutingWriteResponder } from './routing-http.js';
import { ApplyRoutingTemplateDto } from './routing-template.dto.js';
import { RoutingRulesWrittenDto, RoutingValidationDto, ValidateRoutingDto, proposedRulesOf } from './routing-validation.dto.js';

/** A squad's routing as a whole: who answers, whether the configuration holds, templates, settings, statistics. */
@ApiTags('routing')
@ApiAuthenticated()
@Controller('api/v1/squads/:squadId/routing')
@UseInterceptors(ETagInterceptor)
export class SquadRoutingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly responder: RoutingWriteResponder,
  ) {}

  @Get('chain')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'getRoutingChain',
    summary: 'The escalation chain for a question',
    description:
      'Level by level, who answers a question of `questionType` asked by a member with `askerRole`, which rule won and why: ' +
      'squad over organization over the default template; a specific question type over `default`; higher priority; inactive rules ignored.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingChainDto })
  @ApiProblems('validation', 'not-found')
  async getRoutingChain(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Query() query: ChainQueryDto,
  ): Promise<RoutingChainDto> {
    const chain = await this.queries.execute(
      new GetRoutingChainQuery(principal.tenantId, squadId, query.askerRole, query.questionType ?? DEFAULT_QUESTION_TYPE),
    );
    return toRoutingChainDto(chain);
  }

  @Post('validate')
  @Roles('admin', 'operator')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'validateRouting',
    summary: 'Check a squad’s routing configuration',
    description:
      'Reports missing first contacts, unstaffed responders, self-routing, cycles, gaps, conflicting rules and unreachable levels. Changes nothing.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingValidationDto })
  @ApiProblems('validation', 'forbidden', 'not-found')
  async validateRouting(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: ValidateRoutingDto,
  ): Promise<RoutingValidationDto> {
    return this.queries.execute(new ValidateSquadRoutingQuery(principal.tenantId, squadId, proposedRulesOf(body)));
  }

  @Post('apply-template')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'applyRoutingTemplate',
    summary: 'Apply a routing template to a squad',
    description: 'replace: the squad’s rules become the template’s; merge: the template fills only free slots.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIdempotent()
  @ApiIfMatch()
  @ApiOkResponse({ type: RoutingRulesWrittenDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async applyRoutingTemplate(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: ApplyRoutingTemplateDto,
  ): Promise<Versioned<RoutingRulesWrittenDto>> {
    const command = new ApplyRoutingTemplateCommand(context, squadId, body.templateId, body.mode, expectedVersion);
    return this.responder.respond({ kind: 'squad', squadId }, await this.commands.execute(command), context.tenantId);
  }

  @Get('settings')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({
    operationId: 'getInteractionSettings',
    summary: 'A squad’s interaction settings',
    description: 'Timeouts, maximum level and message templates; the defaults until changed.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: InteractionSettingsDto })
  @ApiProblems('validation', 'not-found')
  async getInteractionSettings(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
  ): Promise<Versioned<InteractionSettingsDto>> {
    const { version, ...settings } = await this.queries.execute(new GetInteractionSettingsQuery(principal.tenantId, squadId));
    return versioned(version, settings);
  }

  @Patch('settings')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateInteractionSettings', summary: 'Change a squad’s interaction settings' })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: InteractionSettingsDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async updateInteractionSettings(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: UpdateInteractionSettingsDto,
  ): Promise<Versioned<InteractionSettingsDto>> {
    const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const written = await this.commands.execute(new ChangeInteractionSettingsCommand(context, squadId, changes, expectedVersion));
    return versioned(written.version, written.settings);
  }

  @Get('stats')
  @Roles('admin', 'operator')
  @ApiOperation({
    operationId: 'getRoutingStatistics',
    summary: 'How a squad’s rules are used',
    description: 'Times each rule routed a question and times its level was escalated away from.',
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingStatisticsDto })
  @ApiProblems('validation', 'forbidden', 'not-found')
  getRoutingStatistics(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
  ): Promise<RoutingStatisticsDto> {
    return this.queries.execute(new GetRoutingStatisticsQuery(principal.tenantId, squadId));
  }
}
