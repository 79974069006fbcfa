import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { PageQueryDto, decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { ResourceLocksQueries } from '../application/resource-locks.queries.js';
import { ResourceLocksService } from '../application/resource-locks.service.js';
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
  @Endpoint({
    operationId: 'listLocks',
    summary: 'Held locks with their queues',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: LockStatusPageDto })
  listLocks(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.queries.held(principal.tenantId, { after: decodeCursor(query.cursor), limit: pageLimit(query) });
  }

  @Get(':resource')
  @Endpoint({ operationId: 'getLock', summary: 'Holder and queue of one resource', roles: ['admin', 'operator', 'agent'] })
  @ApiOkResponse({ type: LockStatusDto })
  getLock(@CurrentPrincipal() principal: Principal, @Param('resource') resource: string) {
    return this.queries.status(principal.tenantId, resource);
  }

  @Post(':resource/acquire')
  @HttpCode(200)
  @Endpoint({
    operationId: 'acquireLock',
    summary: 'Acquire the lock: granted at once, or queued',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'domain-rule'],
  })
  @ApiOkResponse({ type: LockOutcomeDto })
  acquireLock(@Write() { context }: WriteContext, @Param('resource') resource: string, @Body() body: AcquireLockDto) {
    const holder = body.holder ?? context.actor.id;
    return this.locks.acquire(context, { resource, holder, ttlMs: body.ttlMs, priority: body.priority ?? 'NORMAL' });
  }

  @Post(':resource/release')
  @HttpCode(200)
  @Endpoint({
    operationId: 'releaseLock',
    summary: 'Release the lock (holder) or leave its queue (waiter)',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'domain-rule'],
  })
  @ApiOkResponse({ type: LockOutcomeDto })
  releaseLock(@Write() { context }: WriteContext, @Param('resource') resource: string, @Body() body: ReleaseLockDto) {
    return this.locks.release(context, resource, body.holder ?? context.actor.id);
  }
}
