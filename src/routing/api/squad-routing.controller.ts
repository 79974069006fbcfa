import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
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
  @Endpoint({
    operationId: 'getRoutingChain',
    summary: 'The escalation chain for a question',
    description:
      'Level by level, who answers a question of `questionType` asked by a member with `askerRole`, which rule won and why: ' +
      'squad over organization over the default template; a specific question type over `default`; higher priority; inactive rules ignored.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingChainDto })
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
  @HttpCode(200)
  @Endpoint({
    operationId: 'validateRouting',
    summary: 'Check a squad’s routing configuration',
    description:
      'Reports missing first contacts, unstaffed responders, self-routing, cycles, gaps, conflicting rules and unreachable levels. Changes nothing.',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingValidationDto })
  async validateRouting(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: ValidateRoutingDto,
  ): Promise<RoutingValidationDto> {
    return this.queries.execute(new ValidateSquadRoutingQuery(principal.tenantId, squadId, proposedRulesOf(body)));
  }

  @Post('apply-template')
  @HttpCode(200)
  @Endpoint({
    operationId: 'applyRoutingTemplate',
    summary: 'Apply a routing template to a squad',
    description: 'replace: the squad’s rules become the template’s; merge: the template fills only free slots.',
    roles: ['admin'],
    idempotent: true,
    ifMatch: true,
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingRulesWrittenDto })
  async applyRoutingTemplate(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('squadId', uuidParam()) squadId: string,
    @Body() body: ApplyRoutingTemplateDto,
  ): Promise<Versioned<RoutingRulesWrittenDto>> {
    const command = new ApplyRoutingTemplateCommand(context, squadId, body.templateId, body.mode, expectedVersion);
    return this.responder.respond({ kind: 'squad', squadId }, await this.commands.execute(command), context.tenantId);
  }

  @Get('settings')
  @Endpoint({
    operationId: 'getInteractionSettings',
    summary: 'A squad’s interaction settings',
    description: 'Timeouts, maximum level and message templates; the defaults until changed.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: InteractionSettingsDto })
  async getInteractionSettings(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
  ): Promise<Versioned<InteractionSettingsDto>> {
    const { version, ...settings } = await this.queries.execute(new GetInteractionSettingsQuery(principal.tenantId, squadId));
    return versioned(version, settings);
  }

  @Patch('settings')
  @Endpoint({
    operationId: 'updateInteractionSettings',
    summary: 'Change a squad’s interaction settings',
    roles: ['admin'],
    ifMatch: true,
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: InteractionSettingsDto })
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
  @Endpoint({
    operationId: 'getRoutingStatistics',
    summary: 'How a squad’s rules are used',
    description: 'Times each rule routed a question and times its level was escalated away from.',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'squadId', format: 'uuid' })
  @ApiOkResponse({ type: RoutingStatisticsDto })
  getRoutingStatistics(
    @CurrentPrincipal() principal: Principal,
    @Param('squadId', uuidParam()) squadId: string,
  ): Promise<RoutingStatisticsDto> {
    return this.queries.execute(new GetRoutingStatisticsQuery(principal.tenantId, squadId));
  }
}
