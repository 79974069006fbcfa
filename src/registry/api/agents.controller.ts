import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiIfMatch, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { AcceptsMediaTypes } from '../../platform/http/input/content-type.guard.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { expectedVersionFrom, setETag } from '../../platform/http/etag.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
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
import { asValidation, contextOf } from './registry-http.js';
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
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'searchAgents', summary: 'List or search agents (their current version)' })
  @ApiOkResponse({ type: AgentVersionPageDto })
  @ApiProblems('validation')
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
  @Roles('admin')
  @ApiIdempotent()
  @ApiOperation({ operationId: 'registerAgent', summary: 'Register a new version of an agent, as a draft' })
  @ApiBody({ type: AgentDefinitionDto })
  @ApiCreatedResponse({ type: AgentChangeDto })
  @ApiProblems('validation', 'domain-rule', 'conflict')
  async registerAgent(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ) {
    return changed(response, await asValidation(() => this.definitions.register(contextOf(principal, request), body)));
  }

  @Post('import')
  @Roles('admin')
  @ApiIdempotent()
  @AcceptsMediaTypes('application/yaml', 'text/yaml', 'text/plain')
  @ApiOperation({
    operationId: 'importAgent',
    summary: 'Register a version from a YAML document',
    description: 'Send the YAML as the raw body.',
  })
  @ApiBody({ schema: { type: 'string', example: 'slug: release-watcher\nversion: 1.0.0\n…' } })
  @ApiCreatedResponse({ type: AgentChangeDto })
  @ApiProblems('validation', 'domain-rule', 'unsupported-media-type')
  async importAgent(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    // The app parses YAML and plain-text bodies as text (bootstrap.ts), so the Idempotency-Key hash covers the document.
    if (typeof body !== 'string')
      throw new ProblemError(problem('unsupported-media-type', 'Send the YAML document as application/yaml, text/yaml or text/plain'));
    return changed(response, await asValidation(() => this.definitions.importYaml(contextOf(principal, request), body)));
  }

  @Get('templates')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listAgentTemplates', summary: 'The agent templates shipped with the server' })
  @ApiOkResponse({ type: [AgentDefinitionDto] })
  async listAgentTemplates() {
    return (await this.templates.list()).map(({ spec }) => spec);
  }

  @Post('templates/install')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'installAgentTemplates', summary: 'Register and publish every shipped template not yet installed' })
  @ApiOkResponse({ type: [InstalledTemplateDto] })
  async installAgentTemplates(@CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.templates.install(contextOf(principal, request));
  }

  @Get(':slug')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'getAgent', summary: 'An agent: its highest published version, or a given one' })
  @ApiOkResponse({ type: AgentVersionDto })
  @ApiProblems('not-found')
  async getAgent(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Query() query: VersionQueryDto) {
    return toAgentVersionDto(await this.queries.get(principal.tenantId, slug, query.version));
  }

  @Get(':slug/versions')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listAgentVersions', summary: 'Every version of an agent, highest first' })
  @ApiOkResponse({ type: [AgentVersionDto] })
  @ApiProblems('not-found')
  async listAgentVersions(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string) {
    return (await this.queries.versions(principal.tenantId, slug)).map(toAgentVersionDto);
  }

  @Get(':slug/export')
  @Roles('admin', 'operator', 'agent')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiProduces('application/yaml')
  @ApiOperation({ operationId: 'exportAgent', summary: 'An agent version as YAML (importable as is)' })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems('not-found')
  async exportAgent(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query() query: VersionQueryDto,
  ): Promise<string> {
    return this.queries.exportYaml(principal.tenantId, slug, query.version);
  }

  @Post(':slug/versions/:version/publish')
  @Roles('admin')
  @HttpCode(200)
  @ApiIfMatch()
  @ApiOperation({ operationId: 'publishAgentVersion', summary: 'Publish a draft version' })
  @ApiOkResponse({ type: AgentChangeDto })
  @ApiProblems('not-found', 'domain-rule')
  async publishAgentVersion(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return changed(response, await this.definitions.publish(contextOf(principal, request), slug, version, expectedVersionFrom(ifMatch)));
  }

  @Post(':slug/versions/:version/deprecate')
  @Roles('admin')
  @HttpCode(200)
  @ApiIfMatch()
  @ApiOperation({ operationId: 'deprecateAgentVersion', summary: 'Deprecate a published version' })
  @ApiOkResponse({ type: AgentChangeDto })
  @ApiProblems('not-found', 'domain-rule', 'validation')
  async deprecateAgentVersion(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Body() body: DeprecateAgentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const change = await this.definitions.deprecate(
      contextOf(principal, request),
      slug,
      version,
      body.reason ?? null,
      expectedVersionFrom(ifMatch),
    );
    return changed(response, change);
  }

  @Delete(':slug/versions/:version')
  @Roles('admin')
  @HttpCode(200)
  @ApiIfMatch()
  @ApiOperation({ operationId: 'deleteAgentDraft', summary: 'Delete a draft version' })
  @ApiOkResponse({ type: AgentChangeDto })
  @ApiProblems('not-found', 'domain-rule')
  async deleteAgentDraft(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return changed(
      response,
      await this.definitions.deleteDraft(contextOf(principal, request), slug, version, expectedVersionFrom(ifMatch)),
    );
  }
}

function changed(response: Response, change: AgentVersionChange): AgentChangeDto {
  setETag(response, change.streamVersion);
  return { slug: change.slug, version: change.version, status: change.status };
}
