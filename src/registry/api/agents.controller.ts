import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { AcceptsMediaTypes } from '../../platform/http/input/content-type.guard.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { AgentDefinitionsQueries } from '../application/agent-definitions.queries.js';
import { type AgentVersionChange, AgentDefinitionsService } from '../application/agent-definitions.service.js';
import { AgentTemplatesService } from '../application/agent-templates.service.js';
import {
  AgentDefinitionDto,
  AgentChangeDto,
  AgentVersionDto,
  AgentVersionPageDto,
  DeprecateAgentDto,
  SearchAgentsQueryDto,
  VersionQueryDto,
  toAgentVersionDto,
} from './agent.dto.js';
import { asValidation } from './registry-http.js';
import { InstalledTemplateDto } from './runtime.dto.js';

/** Versioned agent definitions: register, publish, deprecate, delete drafts, search, YAML in and out. */
@ApiTags('agents')
@ApiAuthenticated()
@Controller('api/v1/agents')
export class AgentsController {
  constructor(
    private readonly definitions: AgentDefinitionsService,
    private readonly queries: AgentDefinitionsQueries,
    private readonly templates: AgentTemplatesService,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'searchAgents',
    summary: 'List or search agents (their current version)',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: AgentVersionPageDto })
  async searchAgents(@CurrentPrincipal() principal: Principal, @Query() query: SearchAgentsQueryDto) {
    const page = await this.queries.search(principal.tenantId, {
      text: query.q,
      name: query.name,
      role: query.role,
      skill: query.skill,
      status: query.status,
      after: decodeCursor(query.cursor),
      limit: pageLimit(query),
    });
    return { items: page.items.map(toAgentVersionDto), nextCursor: page.nextCursor };
  }

  @Post()
  @Endpoint({
    operationId: 'registerAgent',
    summary: 'Register a new version of an agent, as a draft',
    roles: ['admin'],
    problems: ['validation', 'domain-rule', 'conflict'],
    idempotent: true,
  })
  @ApiBody({ type: AgentDefinitionDto })
  @ApiCreatedResponse({ type: AgentChangeDto })
  async registerAgent(@Write() { context }: WriteContext, @Body() body: Record<string, unknown>): Promise<Versioned<AgentChangeDto>> {
    return changed(await asValidation(() => this.definitions.register(context, body)));
  }

  @Post('import')
  @AcceptsMediaTypes('application/yaml', 'text/yaml', 'text/plain')
  @Endpoint({
    operationId: 'importAgent',
    summary: 'Register a version from a YAML document',
    description: 'Send the YAML as the raw body.',
    roles: ['admin'],
    problems: ['validation', 'domain-rule', 'unsupported-media-type'],
    idempotent: true,
  })
  @ApiBody({ schema: { type: 'string', example: 'slug: release-watcher\nversion: 1.0.0\n…' } })
  @ApiCreatedResponse({ type: AgentChangeDto })
  async importAgent(@Write() { context }: WriteContext, @Body() body: unknown): Promise<Versioned<AgentChangeDto>> {
    // The app parses YAML and plain-text bodies as text (bootstrap.ts), so the Idempotency-Key hash covers the document.
    if (typeof body !== 'string')
      throw new ProblemError(problem('unsupported-media-type', 'Send the YAML document as application/yaml, text/yaml or text/plain'));
    return changed(await asValidation(() => this.definitions.importYaml(context, body)));
  }

  @Get('templates')
  @Endpoint({
    operationId: 'listAgentTemplates',
    summary: 'The agent templates shipped with the server',
    roles: ['admin', 'operator', 'agent'],
  })
  @ApiOkResponse({ type: [AgentDefinitionDto] })
  async listAgentTemplates() {
    return (await this.templates.list()).map(({ spec }) => spec);
  }

  @Post('templates/install')
  @HttpCode(200)
  @Endpoint({
    operationId: 'installAgentTemplates',
    summary: 'Register and publish every shipped template not yet installed',
    roles: ['admin'],
  })
  @ApiOkResponse({ type: [InstalledTemplateDto] })
  installAgentTemplates(@Write() { context }: WriteContext) {
    return this.templates.install(context);
  }

  @Get(':slug')
  @Endpoint({
    operationId: 'getAgent',
    summary: 'An agent: its highest published version, or a given one',
    roles: ['admin', 'operator', 'agent'],
    problems: ['not-found'],
  })
  @ApiOkResponse({ type: AgentVersionDto })
  async getAgent(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Query() query: VersionQueryDto) {
    return toAgentVersionDto(await this.queries.get(principal.tenantId, slug, query.version));
  }

  @Get(':slug/versions')
  @Endpoint({
    operationId: 'listAgentVersions',
    summary: 'Every version of an agent, highest first',
    roles: ['admin', 'operator', 'agent'],
    problems: ['not-found'],
  })
  @ApiOkResponse({ type: [AgentVersionDto] })
  async listAgentVersions(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string) {
    return (await this.queries.versions(principal.tenantId, slug)).map(toAgentVersionDto);
  }

  @Get(':slug/export')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiProduces('application/yaml')
  @Endpoint({
    operationId: 'exportAgent',
    summary: 'An agent version as YAML (importable as is)',
    roles: ['admin', 'operator', 'agent'],
    problems: ['not-found'],
  })
  @ApiOkResponse({ schema: { type: 'string' } })
  async exportAgent(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query() query: VersionQueryDto,
  ): Promise<string> {
    return this.queries.exportYaml(principal.tenantId, slug, query.version);
  }

  @Post(':slug/versions/:version/publish')
  @HttpCode(200)
  @Endpoint({
    operationId: 'publishAgentVersion',
    summary: 'Publish a draft version',
    roles: ['admin'],
    problems: ['not-found', 'domain-rule'],
    ifMatch: true,
  })
  @ApiOkResponse({ type: AgentChangeDto })
  async publishAgentVersion(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('slug') slug: string,
    @Param('version') version: string,
  ): Promise<Versioned<AgentChangeDto>> {
    return changed(await this.definitions.publish(context, slug, version, expectedVersion));
  }

  @Post(':slug/versions/:version/deprecate')
  @HttpCode(200)
  @Endpoint({
    operationId: 'deprecateAgentVersion',
    summary: 'Deprecate a published version',
    roles: ['admin'],
    problems: ['not-found', 'domain-rule', 'validation'],
    ifMatch: true,
  })
  @ApiOkResponse({ type: AgentChangeDto })
  async deprecateAgentVersion(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Body() body: DeprecateAgentDto,
  ): Promise<Versioned<AgentChangeDto>> {
    return changed(await this.definitions.deprecate(context, slug, version, body.reason ?? null, expectedVersion));
  }

  @Delete(':slug/versions/:version')
  @HttpCode(200)
  @Endpoint({
    operationId: 'deleteAgentDraft',
    summary: 'Delete a draft version',
    roles: ['admin'],
    problems: ['not-found', 'domain-rule'],
    ifMatch: true,
  })
  @ApiOkResponse({ type: AgentChangeDto })
  async deleteAgentDraft(
    @Write() { context, expectedVersion }: WriteContext,
    @Param('slug') slug: string,
    @Param('version') version: string,
  ): Promise<Versioned<AgentChangeDto>> {
    return changed(await this.definitions.deleteDraft(context, slug, version, expectedVersion));
  }
}

/** A change of an agent, with the agent stream's version as ETag. */
function changed(change: AgentVersionChange): Versioned<AgentChangeDto> {
  return versioned(change.streamVersion, { slug: change.slug, version: change.version, status: change.status });
}
