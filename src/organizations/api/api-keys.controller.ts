import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Reply, reply } from '../../platform/http/etag.interceptor.js';
import { IdempotencyNotStored } from '../../platform/http/idempotency.interceptor.js';
import { PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { GetApiKeyQuery } from '../application/get-api-key.query.js';
import { IssueApiKeyCommand } from '../application/issue-api-key.command.js';
import { ListApiKeysQuery } from '../application/list-api-keys.query.js';
import { RevokeApiKeyCommand } from '../application/revoke-api-key.command.js';
import { ApiKeyPageDto, IssueApiKeyDto, IssuedApiKeyDto, toApiKeyDto } from './api-key.dto.js';

@ApiTags('api-keys')
@ApiAuthenticated()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listApiKeys',
    summary: 'List the API keys of your organization',
    description: 'Keys themselves are never shown again; only their prefix.',
    roles: ['admin'],
    problems: ['validation', 'forbidden'],
  })
  @ApiOkResponse({ type: ApiKeyPageDto })
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
  @Endpoint({
    operationId: 'issueApiKey',
    summary: 'Issue an API key',
    description: 'The key is in this response only; it is stored hashed. A replay of the same Idempotency-Key answers without `key`.',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'domain-rule'],
    idempotent: true,
  })
  @IdempotencyNotStored('key')
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  async issueApiKey(@Write() { context }: WriteContext, @Body() body: IssueApiKeyDto): Promise<Reply<IssuedApiKeyDto>> {
    const keyId = randomUUID();
    const issued = await this.commands.execute(new IssueApiKeyCommand(context, keyId, body.name, body.role, body.memberId ?? null));
    const view = await this.queries.execute(new GetApiKeyQuery(context.tenantId, keyId));
    return reply({ ...toApiKeyDto(view), key: issued.key }, { Location: `/api/v1/api-keys/${keyId}`, 'Cache-Control': 'no-store' });
  }

  @Delete(':keyId')
  @HttpCode(204)
  @Endpoint({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'Takes effect at once; revoking twice changes nothing.',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked' })
  async revokeApiKey(@Write() { context }: WriteContext, @Param('keyId', uuidParam()) keyId: string): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(context, keyId));
  }
}
