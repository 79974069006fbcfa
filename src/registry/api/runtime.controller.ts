import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { AgentInstancesService } from '../application/agent-instances.service.js';
import { RuntimeQueries } from '../application/runtime.queries.js';
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
  @Endpoint({
    operationId: 'listInstances',
    summary: 'Agent instances with their status (IDLE, RUNNING, PAUSED, ERROR, STOPPED)',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: InstancePageDto })
  listInstances(@CurrentPrincipal() principal: Principal, @Query() query: InstancesQueryDto) {
    return this.queries.instances(principal.tenantId, { slug: query.slug, after: decodeCursor(query.cursor), limit: pageLimit(query) });
  }

  @Post('instances')
  @Endpoint({
    operationId: 'startInstance',
    summary: 'Start an instance of a published agent version',
    roles: ['admin', 'operator'],
    problems: ['validation', 'not-found', 'domain-rule'],
    idempotent: true,
  })
  @ApiCreatedResponse({ type: InstanceChangeDto })
  startInstance(@Write() { context }: WriteContext, @Body() body: StartInstanceDto) {
    return this.instances.start(context, body.slug, body.version);
  }

  @Get('instances/:instanceId')
  @Endpoint({
    operationId: 'getInstance',
    summary: 'One instance and its status',
    roles: ['admin', 'operator', 'agent'],
    problems: ['not-found'],
  })
  @ApiOkResponse({ type: InstanceDto })
  getInstance(@CurrentPrincipal() principal: Principal, @Param('instanceId') instanceId: string) {
    return this.queries.instance(principal.tenantId, instanceId);
  }

  @Post('instances/:instanceId/:action')
  @HttpCode(200)
  @Endpoint({
    operationId: 'steerInstance',
    summary: 'Pause, resume or stop an instance (action = pause | resume | stop)',
    roles: ['admin', 'operator'],
    problems: ['not-found', 'domain-rule'],
  })
  @ApiParam({ name: 'action', enum: ['pause', 'resume', 'stop'] })
  @ApiOkResponse({ type: InstanceChangeDto })
  steerInstance(@Write() { context }: WriteContext, @Param('instanceId') instanceId: string, @Param('action') action: string) {
    if (action === 'pause') return this.instances.pause(context, instanceId);
    if (action === 'resume') return this.instances.resume(context, instanceId);
    if (action === 'stop') return this.instances.stop(context, instanceId);
    throw new NotFoundError('instance action', action);
  }

  @Get('executions')
  @Endpoint({
    operationId: 'listExecutions',
    summary: 'Execution history, newest first',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: ExecutionPageDto })
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
  @Endpoint({
    operationId: 'agentMetrics',
    summary: 'Runs, success rate and p50/p95 duration per agent',
    roles: ['admin', 'operator', 'agent'],
  })
  @ApiOkResponse({ type: [AgentMetricsDto] })
  agentMetrics(@CurrentPrincipal() principal: Principal, @Query('slug') slug?: string) {
    return this.queries.metrics(principal.tenantId, slug);
  }
}
