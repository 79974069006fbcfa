import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  type Type,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { CreateRoutingRuleCommand } from '../application/create-routing-rule.command.js';
import { BulkCreateRoutingRulesCommand } from '../application/bulk-create-routing-rules.command.js';
import { DeleteRoutingRuleCommand } from '../application/delete-routing-rule.command.js';
import { GetRoutingRuleQuery } from '../application/get-routing-rule.query.js';
import { ListRoutingRulesQuery } from '../application/list-routing-rules.query.js';
import type { RoutingTarget } from '../application/routing-target.js';
import { SetRoutingRuleActiveCommand } from '../application/set-routing-rule-active.command.js';
import { UpdateRoutingRuleCommand } from '../application/update-routing-rule.command.js';
import { RoutingWriteResponder } from './routing-http.js';
import {
  BulkCreateRoutingRulesDto,
  CreateRoutingRuleDto,
  ListRoutingRulesQueryDto,
  RoutingRuleDto,
  RoutingRulePageDto,
  UpdateRoutingRuleDto,
  changesOf,
  specOf,
} from './routing-rule.dto.js';
import { toRoutingRuleDto } from './routing-rule.dto.js';
import { RoutingRulesWrittenDto } from './routing-validation.dto.js';

/** What differs between the rule sets a caller can address: a squad's own, or the organization's. */
interface RuleSetScope {
  kind: RoutingTarget['kind'];
  className: string;
  description: string;
  path: string;
  /** Operation ids name the scope: `listSquadRoutingRules`, `listOrganizationRoutingRules`. */
  noun: 'Squad' | 'Organization';
  listSummary: string;
  getSummary: string;
}

const squadRuleSet: RuleSetScope = {
  kind: 'squad',
  className: 'SquadRoutingRulesController',
  description: 'A squad’s own routing rules: they take precedence over the organization’s and the default template’s.',
  path: 'api/v1/squads/:squadId/routing/rules',
  noun: 'Squad',
  listSummary: 'List a squad’s routing rules',
  getSummary: 'Get one of a squad’s routing rules',
};

const organizationRuleSet: RuleSetScope = {
  kind: 'organization',
  className: 'OrganizationRoutingController',
  description: 'The caller’s organization-wide routing rules: the fallback of every squad in it.',
  path: 'api/v1/organization/routing/rules',
  noun: 'Organization',
  listSummary: 'List your organization’s routing rules',
  getSummary: 'Get one of your organization’s routing rules',
};

/** The organization's rule set has no `:squadId`; its routes get '' in its place. */
const NoSquadId = createParamDecorator((): string => '');

/**
 * The `:squadId` of a squad's rule set (a UUID, else 400). Declared as a string parameter so the
 * OpenAPI document lists it exactly as a plain `@Param` does.
 */
const SquadIdOf = (kind: RoutingTarget['kind']) => (kind === 'squad' ? Param('squadId', uuidParam()) : NoSquadId());

const targetOf = (kind: RoutingTarget['kind'], squadId: string): RoutingTarget =>
  kind === 'squad' ? { kind, squadId } : { kind: 'organization' };

/**
 * One implementation of the rule-set routes for both scopes; the scope gives the path, the
 * operation ids and the `squadId` parameter. Routes and operation ids are those of the API.
 */
function ruleSetController(scope: RuleSetScope): Type<unknown> {
  const ofScope = (verb: string, plural = 'RoutingRule') => `${verb}${scope.noun}${plural}`;
  const squadParam = scope.kind === 'squad' ? [ApiParam({ name: 'squadId', format: 'uuid', type: String })] : [];
  const ruleParam = ApiParam({ name: 'ruleId', format: 'uuid' });
  const Scoped = () => applyDecorators(...squadParam);

  @ApiTags('routing')
  @ApiAuthenticated()
  @Controller(scope.path)
  class RuleSetController {
    constructor(
      readonly commands: CommandBus,
      readonly queries: QueryBus,
      readonly responder: RoutingWriteResponder,
    ) {}

    @Get()
    @Endpoint({
      operationId: ofScope('list', 'RoutingRules'),
      summary: scope.listSummary,
      description: 'In creation order, cursor-paginated.',
      roles: ['admin', 'operator', 'agent'],
      problems: ['validation', 'not-found'],
    })
    @Scoped()
    @ApiOkResponse({ type: RoutingRulePageDto })
    async list(
      @CurrentPrincipal() principal: Principal,
      @SquadIdOf(scope.kind) squadId: string,
      @Query() query: ListRoutingRulesQueryDto,
    ): Promise<RoutingRulePageDto> {
      const target = targetOf(scope.kind, squadId);
      const limit = pageLimit(query);
      const page = { after: decodeCursor(query.cursor), limit, askerRole: query.askerRole };
      const rows = await this.queries.execute(new ListRoutingRulesQuery(principal.tenantId, target, page));
      return pageOf(
        rows,
        limit,
        (row) => row.key,
        (row) => toRoutingRuleDto(row.rule),
      );
    }

    @Get(':ruleId')
    @Endpoint({
      operationId: ofScope('get'),
      summary: scope.getSummary,
      roles: ['admin', 'operator', 'agent'],
      problems: ['validation', 'not-found'],
    })
    @Scoped()
    @ruleParam
    @ApiOkResponse({ type: RoutingRuleDto })
    async get(
      @CurrentPrincipal() principal: Principal,
      @SquadIdOf(scope.kind) squadId: string,
      @Param('ruleId', uuidParam()) ruleId: string,
    ): Promise<RoutingRuleDto> {
      const target = targetOf(scope.kind, squadId);
      return toRoutingRuleDto(await this.queries.execute(new GetRoutingRuleQuery(principal.tenantId, target, ruleId)));
    }

    @Post()
    @Endpoint({
      operationId: ofScope('create'),
      summary: 'Create a routing rule',
      description: 'Answers with the rule and the validation warnings of the configuration after it.',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
      idempotent: true,
      ifMatch: true,
    })
    @Scoped()
    @ApiCreatedResponse({ type: RoutingRulesWrittenDto })
    async create(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Body() body: CreateRoutingRuleDto,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      const target = targetOf(scope.kind, squadId);
      return this.responder.respond(
        target,
        await this.commands.execute(new CreateRoutingRuleCommand(context, target, specOf(body), expectedVersion)),
        context.tenantId,
      );
    }

    @Post('bulk')
    @Endpoint({
      operationId: ofScope('bulkCreate', 'RoutingRules'),
      summary: 'Create several routing rules, all or nothing',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
      idempotent: true,
      ifMatch: true,
    })
    @Scoped()
    @ApiCreatedResponse({ type: RoutingRulesWrittenDto })
    async bulkCreate(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Body() body: BulkCreateRoutingRulesDto,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      const target = targetOf(scope.kind, squadId);
      const specs = body.rules.map((rule, index) => specOf(rule, `rules.${index}`));
      return this.responder.respond(
        target,
        await this.commands.execute(new BulkCreateRoutingRulesCommand(context, target, specs, expectedVersion)),
        context.tenantId,
      );
    }

    @Patch(':ruleId')
    @Endpoint({
      operationId: ofScope('update'),
      summary: 'Change a routing rule',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
      ifMatch: true,
    })
    @Scoped()
    @ruleParam
    @ApiOkResponse({ type: RoutingRulesWrittenDto })
    async update(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Param('ruleId', uuidParam()) ruleId: string,
      @Body() body: UpdateRoutingRuleDto,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      const target = targetOf(scope.kind, squadId);
      const command = new UpdateRoutingRuleCommand(context, target, ruleId, changesOf(body), expectedVersion);
      return this.responder.respond(target, await this.commands.execute(command), context.tenantId);
    }

    @Post(':ruleId/activate')
    @HttpCode(200)
    @Endpoint({
      operationId: ofScope('activate'),
      summary: 'Activate a routing rule',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found'],
      ifMatch: true,
    })
    @Scoped()
    @ruleParam
    @ApiOkResponse({ type: RoutingRulesWrittenDto })
    async activate(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Param('ruleId', uuidParam()) ruleId: string,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      return this.setActive({ context, expectedVersion }, squadId, ruleId, true);
    }

    @Post(':ruleId/deactivate')
    @HttpCode(200)
    @Endpoint({
      operationId: ofScope('deactivate'),
      summary: 'Deactivate a routing rule',
      description: 'Inactive rules stay listed but never route.',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found'],
      ifMatch: true,
    })
    @Scoped()
    @ruleParam
    @ApiOkResponse({ type: RoutingRulesWrittenDto })
    async deactivate(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Param('ruleId', uuidParam()) ruleId: string,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      return this.setActive({ context, expectedVersion }, squadId, ruleId, false);
    }

    private async setActive(
      { context, expectedVersion }: WriteContext,
      squadId: string,
      ruleId: string,
      active: boolean,
    ): Promise<Versioned<RoutingRulesWrittenDto>> {
      const target = targetOf(scope.kind, squadId);
      const command = new SetRoutingRuleActiveCommand(context, target, ruleId, active, expectedVersion);
      return this.responder.respond(target, await this.commands.execute(command), context.tenantId);
    }

    @Delete(':ruleId')
    @HttpCode(204)
    @Endpoint({
      operationId: ofScope('delete'),
      summary: 'Delete a routing rule',
      roles: ['admin'],
      problems: ['validation', 'forbidden', 'not-found'],
      ifMatch: true,
    })
    @Scoped()
    @ruleParam
    @ApiNoContentResponse({ description: 'Deleted; the ETag is the new version' })
    async delete(
      @Write() { context, expectedVersion }: WriteContext,
      @SquadIdOf(scope.kind) squadId: string,
      @Param('ruleId', uuidParam()) ruleId: string,
    ): Promise<Versioned<undefined>> {
      const target = targetOf(scope.kind, squadId);
      const written = await this.commands.execute(new DeleteRoutingRuleCommand(context, target, ruleId, expectedVersion));
      return versioned(written.version, undefined);
    }
  }
  Object.defineProperty(RuleSetController, 'name', { value: scope.className });
  return RuleSetController;
}

/** A squad's own routing rules. */
export const SquadRoutingRulesController = ruleSetController(squadRuleSet);
/** The caller's organization-wide routing rules. */
export const OrganizationRoutingController = ruleSetController(organizationRuleSet);
