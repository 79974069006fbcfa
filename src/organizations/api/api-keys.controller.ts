import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { IdempotencyNotStored } from '../../platform/http/idempotency.interceptor.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { requestIdOf, uuidParam } from '../../platform/http/request-context.js';
import { contextOf } from '../application/command-context.js';
import { IssueApiKeyCommand, RevokeApiKeyCommand } from '../application/organizations.commands.js';
import { GetApiKeyQuery, ListApiKeysQuery } from '../application/organizations.queries.js';
import { ApiKeyPageDto, IssueApiKeyDto, IssuedApiKeyDto, toApiKeyDto } from './api-key.dto.js';

@ApiTags('api-keys')
@ApiAuthenticated()
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the API keys of your organization',
    description: 'Keys themselves are never shown again; only their prefix.',
  })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems('validation', 'forbidden')
  async listApiKeys(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(new ListApiKeysQuery(principal.tenantId, { after: decodeCursor(query.cursor), limit }));
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toApiKeyDto(row.view),
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Issue an API key',
    description: 'The key is in this response only; it is stored hashed. A replay of the same Idempotency-Key answers without `key`.',
  })
  @IdempotencyNotStored('key')
  @ApiIdempotent()
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiProblems('validation', 'forbidden', 'not-found', 'domain-rule')
  async issueApiKey(
    @CurrentPrincipal() principal: Principal,
    @Body() body: IssueApiKeyDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IssuedApiKeyDto> {
    const context = contextOf(principal, requestIdOf(request));
    const keyId = randomUUID();
    const issued = await this.commands.execute(new IssueApiKeyCommand(context, keyId, body.name, body.role, body.memberId ?? null));
    const view = await this.queries.execute(new GetApiKeyQuery(principal.tenantId, keyId));
    response.setHeader('Location', `/api/v1/api-keys/${keyId}`);
    response.setHeader('Cache-Control', 'no-store');
    return { ...toApiKeyDto(view), key: issued.key };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Takes effect at once; revoking twice changes nothing.' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('validation', 'forbidden', 'not-found')
  async revokeApiKey(
    @CurrentPrincipal() principal: Principal,
    @Param('keyId', uuidParam()) keyId: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(contextOf(principal, requestIdOf(request)), keyId));
  }
}
