import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiAuthenticated, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { PageQueryDto, decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { ResourceLocksQueries } from '../application/resource-locks.queries.js';
import { ResourceLocksService } from '../application/resource-locks.service.js';
import { contextOf } from './registry-http.js';
import { AcquireLockDto, LockOutcomeDto, LockStatusDto, LockStatusPageDto, ReleaseLockDto } from './runtime.dto.js';

/** Exclusive locks on named resources, queued by priority then arrival, released on TTL expiry. */
@ApiTags('locks')
@ApiAuthenticated()
@Controller('api/v1/locks')
export class LocksController {
  constructor(
    private readonly locks: ResourceLocksService,
    private readonly queries: ResourceLocksQueries,
  ) {}

  @Get()
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listLocks', summary: 'Held locks with their queues' })
  @ApiOkResponse({ type: LockStatusPageDto })
  @ApiProblems('validation')
  listLocks(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.queries.held(principal.tenantId, { after: decodeCursor(query.cursor), limit: pageLimit(query) });
  }

  @Get(':resource')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'getLock', summary: 'Holder and queue of one resource' })
  @ApiOkResponse({ type: LockStatusDto })
  getLock(@CurrentPrincipal() principal: Principal, @Param('resource') resource: string) {
    return this.queries.status(principal.tenantId, resource);
  }

  @Post(':resource/acquire')
  @Roles('admin', 'operator', 'agent')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acquireLock', summary: 'Acquire the lock: granted at once, or queued' })
  @ApiOkResponse({ type: LockOutcomeDto })
  @ApiProblems('validation', 'domain-rule')
  acquireLock(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('resource') resource: string,
    @Body() body: AcquireLockDto,
  ) {
    const holder = body.holder ?? principal.memberId ?? principal.keyId;
    return this.locks.acquire(contextOf(principal, request), { resource, holder, ttlMs: body.ttlMs, priority: body.priority ?? 'NORMAL' });
  }

  @Post(':resource/release')
  @Roles('admin', 'operator', 'agent')
  @HttpCode(200)
  @ApiOperation({ operationId: 'releaseLock', summary: 'Release the lock (holder) or leave its queue (waiter)' })
  @ApiOkResponse({ type: LockOutcomeDto })
  @ApiProblems('validation', 'domain-rule')
  releaseLock(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('resource') resource: string,
    @Body() body: ReleaseLockDto,
  ) {
    return this.locks.release(contextOf(principal, request), resource, body.holder ?? principal.memberId ?? principal.keyId);
  }
}
