import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { GetRetentionQuery } from '../application/get-retention.query.js';
import { RunRetentionCommand } from '../application/run-retention.command.js';
import { SetRetentionRulesCommand } from '../application/set-retention-rules.command.js';
import { RetentionDto, RetentionRunDto, SetRetentionRulesDto, toRetentionDto, toRetentionRunDto } from './retention.dto.js';

const KEPT = `Events are never deleted: retention prunes read models and operational tables only (what each target is, below). Failures,
estimates, retrospectives, spikes, decisions and pattern usage are learning records, kept forever and not targets.`;

/** The organization's retention rules, what its runs removed, and a run by hand. */
@ApiTags('organization')
@ApiAuthenticated()
@Controller('api/v1/organization/retention')
export class RetentionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'getRetention',
    summary: 'Get your organization’s retention rules',
    description: `Every target with its default, your rule, what applies and what runs removed. ${KEPT}`,
    roles: ['admin'],
    problems: ['forbidden'],
  })
  @ApiOkResponse({ type: RetentionDto })
  async getRetention(@CurrentPrincipal() principal: Principal): Promise<RetentionDto> {
    return toRetentionDto(await this.queries.execute(new GetRetentionQuery(principal.tenantId)));
  }

  @Put()
  @Endpoint({
    operationId: 'setRetentionRules',
    summary: 'Set your organization’s retention rules',
    description:
      'Replaces all of your rules; a target left out keeps its default. An unknown target, a target named twice or days out of range ' +
      `answer 422 \`…/problems/retention-rule-invalid\`. The next run (daily, or \`POST …/run\`) obeys them. ${KEPT}`,
    roles: ['admin'],
    idempotent: true,
    problems: ['validation', 'malformed-json', 'forbidden', 'domain-rule'],
  })
  @ApiOkResponse({ type: RetentionDto })
  async setRetentionRules(@Body() body: SetRetentionRulesDto, @Write() { context }: WriteContext): Promise<RetentionDto> {
    await this.commands.execute(
      new SetRetentionRulesCommand(
        context,
        body.rules.map((rule) => ({ target: rule.target, days: rule.days })),
      ),
    );
    return toRetentionDto(await this.queries.execute(new GetRetentionQuery(context.tenantId)));
  }

  @Post('run')
  @HttpCode(200)
  @Endpoint({
    operationId: 'applyRetention',
    summary: 'Apply your retention rules now',
    description: 'Removes now what the daily sweep would remove for your organization, and answers what went, by target.',
    roles: ['admin'],
    problems: ['forbidden'],
  })
  @ApiOkResponse({ type: RetentionRunDto })
  async applyRetention(@Write() { context }: WriteContext): Promise<RetentionRunDto> {
    return toRetentionRunDto(await this.commands.execute(new RunRetentionCommand(context)));
  }
}
