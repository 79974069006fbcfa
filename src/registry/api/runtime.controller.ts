import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { AgentInstancesService } from '../application/agent-instances.service.js';
import { RuntimeQueries } from '../application/runtime.queries.js';
import { contextOf } from './registry-http.js';
import {
  AgentMetricsDto,
  ExecutionPageDto,
  ExecutionsQueryDto,
  InstanceChangeDto,
  InstanceDto,
  InstancePageDto,
  InstancesQueryDto,
  StartInstanceDto,
} from './runtime.dto.js';

/** Agent instances, their executions and per-agent metrics. */
@ApiTags('runtime')
@ApiAuthenticated()
@Controller('api/v1/runtime')
export class RuntimeController {
  constructor(
    private readonly instances: AgentInstancesService,
    private readonly queries: RuntimeQueries,
  ) {}

  @Get('instances')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listInstances', summary: 'Agent instances with their status (IDLE, RUNNING, PAUSED, ERROR, STOPPED)' })
  @ApiOkResponse({ type: InstancePageDto })
  @ApiProblems('validation')
  listInstances(@CurrentPrincipal() principal: Principal, @Query() query: InstancesQueryDto) {
    return this.queries.instances(principal.tenantId, { slug: query.slug, after: decodeCursor(query.cursor), limit: pageLimit(query) });
  }

  @Post('instances')
  @Roles('admin', 'operator')
  @ApiIdempotent()
  @ApiOperation({ operationId: 'startInstance', summary: 'Start an instance of a published agent version' })
  @ApiCreatedResponse({ type: InstanceChangeDto })
  @ApiProblems('validation', 'not-found', 'domain-rule')
  startInstance(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: StartInstanceDto) {
    return this.instances.start(contextOf(principal, request), body.slug, body.version);
  }

  @Get('instances/:instanceId')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'getInstance', summary: 'One instance and its status' })
  @ApiOkResponse({ type: InstanceDto })
  @ApiProblems('not-found')
  getInstance(@CurrentPrincipal() principal: Principal, @Param('instanceId') instanceId: string) {
    return this.queries.instance(principal.tenantId, instanceId);
  }

  @Post('instances/:instanceId/:action')
  @Roles('admin', 'operator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'steerInstance', summary: 'Pause, resume or stop an instance (action = pause | resume | stop)' })
  @ApiParam({ name: 'action', enum: ['pause', 'resume', 'stop'] })
  @ApiOkResponse({ type: InstanceChangeDto })
  @ApiProblems('not-found', 'domain-rule')
  steerInstance(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('instanceId') instanceId: string,
    @Param('action') action: string,
  ) {
    const context = contextOf(principal, request);
    if (action === 'pause') return this.instances.pause(context, instanceId);
    if (action === 'resume') return this.instances.resume(context, instanceId);
    if (action === 'stop') return this.instances.stop(context, instanceId);
    throw new NotFoundError('instance action', action);
  }

  @Get('executions')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listExecutions', summary: 'Execution history, newest first' })
  @ApiOkResponse({ type: ExecutionPageDto })
  @ApiProblems('validation')
  listExecutions(@CurrentPrincipal() principal: Principal, @Query() query: ExecutionsQueryDto) {
    return this.queries.executions(principal.tenantId, {
      instanceId: query.instanceId,
      slug: query.slug,
      status: query.status,
      before: decodeCursor(query.cursor),
      limit: pageLimit(query),
    });
  }

  @Get('metrics')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'agentMetrics', summary: 'Runs, success rate and p50/p95 duration per agent' })
  @ApiOkResponse({ type: [AgentMetricsDto] })
  agentMetrics(@CurrentPrincipal() principal: Principal, @Query('slug') slug?: string) {
    return this.queries.metrics(principal.tenantId, slug);
  }
}
