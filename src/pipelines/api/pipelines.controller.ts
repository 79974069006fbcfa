import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Clock } from '../../platform/decider/clock.js';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import type { AgentLogFilter } from '../application/agent-log.view.js';
import { ChangePipelineCommand, type PipelineChange } from '../application/change-pipeline.command.js';
import { GetAgentLogStatisticsQuery, GetPipelineQuery, ListAgentLogsQuery, ListPipelinesQuery } from '../application/pipeline.queries.js';
import { StartPipelineCommand } from '../application/start-pipeline.command.js';
import { PIPELINE_PHASES, type PipelinePhase } from '../domain/pipeline.types.js';
import {
  PipelineAgentLogPageDto,
  PipelineAgentLogStatisticsDto,
  PipelineAgentLogStatisticsQueryDto,
  ApprovePipelineGateDto,
  CancelPipelineDto,
  CreatePipelineDto,
  ListPipelineAgentLogsQueryDto,
  ListPipelinesQueryDto,
  PipelineDetailDto,
  PipelineDto,
  PipelineExportDto,
  PipelinePageDto,
  toAgentStatisticsDto,
  toPipelineDetailDto,
  toPipelineDto,
} from './pipeline.dto.js';

const WORKERS = ['admin', 'operator', 'agent'] as const;
/** Passing a gate is a person's call: an agent may run, pause or retry a pipeline, a person signs off. */
const PEOPLE = ['admin', 'operator'] as const;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const PIPELINE_ID = { name: 'pipelineId', format: 'uuid' } as const;

/** Feature pipelines: a request run through agent phases that learn from every run. */
@ApiTags('pipelines')
@ApiAuthenticated()
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Endpoint({
    operationId: 'createPipeline',
    summary: 'Start a feature pipeline',
    description:
      'Runs the request through its phases (default why, research, plan, build, test, review, retrospective), each by a published ' +
      'registry agent (default the `pipeline-*` templates; map a phase to another with `phases: [{phase, agent}]`). Each phase gets ' +
      'the request, the earlier phases’ outputs and the lessons of past runs, and answers its phase’s JSON schema. `approvalGates`: ' +
      'phases after which a person approves. `estimate` is shown with the organization’s correction factor applied. An agent that is ' +
      'unknown or not published: 422 `…/problems/phase-agent-not-published`. The answer never waits for a model.',
    roles: WORKERS,
    idempotent: true,
    problems: ['validation', 'not-found', 'domain-rule'],
  })
  @ApiCreatedResponse({ type: PipelineDto, headers: ETAG })
  async createPipeline(@Body() body: CreatePipelineDto, @Write() { context }: WriteContext): Promise<Versioned<PipelineDto>> {
    const { pipeline, version } = await this.commands.execute(
      new StartPipelineCommand(context, randomUUID(), {
        featureRequest: body.featureRequest,
        squadId: body.squadId ?? null,
        phases: body.phases?.map(({ phase, agent }) => ({ phase, agent: agent ?? null })) ?? null,
        approvalGates: body.approvalGates ?? [],
        estimate: body.estimate ? { sessions: body.estimate.sessions, complexity: body.estimate.complexity } : null,
      }),
    );
    return versioned(version, toPipelineDto(pipeline));
  }

  @Get()
  @Endpoint({
    operationId: 'listPipelines',
    summary: 'Feature pipelines',
    description: 'Oldest first.',
    roles: WORKERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: PipelinePageDto })
  async listPipelines(@CurrentPrincipal() principal: Principal, @Query() query: ListPipelinesQueryDto): Promise<PipelinePageDto> {
    const page = await this.queries.execute(
      new ListPipelinesQuery(principal.tenantId, query.status, decodeCursor(query.cursor), pageLimit(query)),
    );
    return { items: page.items.map(toPipelineDto), nextCursor: page.nextCursor };
  }

  @Get('agent-logs')
  @Endpoint({
    operationId: 'listPipelineAgentLogs',
    summary: 'Agent logs of the pipelines',
    description:
      'One row per phase attempt and per failed try: agent, phase, action, input and output summaries, duration, success, error, tokens. Oldest first.',
    roles: WORKERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: PipelineAgentLogPageDto })
  listPipelineAgentLogs(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPipelineAgentLogsQueryDto,
  ): Promise<PipelineAgentLogPageDto> {
    return this.queries.execute(new ListAgentLogsQuery(principal.tenantId, filterOf(query), decodeCursor(query.cursor), query.limit ?? 20));
  }

  @Get('agent-logs/statistics')
  @Endpoint({
    operationId: 'getPipelineAgentLogStatistics',
    summary: 'Slow agents',
    description: 'Average and 95th-percentile duration of the (filtered) agent logs, by agent, slowest first.',
    roles: WORKERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: PipelineAgentLogStatisticsDto })
  async getPipelineAgentLogStatistics(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PipelineAgentLogStatisticsQueryDto,
  ): Promise<PipelineAgentLogStatisticsDto> {
    return toAgentStatisticsDto(await this.queries.execute(new GetAgentLogStatisticsQuery(principal.tenantId, filterOf(query))));
  }

  @Get(':pipelineId')
  @Endpoint({
    operationId: 'getPipeline',
    summary: 'A feature pipeline',
    description:
      'Status, current phase, each phase’s structured output, status and attempts, the agent logs, estimate vs actual, token usage and the scope-creep flag.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineDetailDto, headers: ETAG })
  async getPipeline(
    @CurrentPrincipal() principal: Principal,
    @Param('pipelineId', uuidParam()) pipelineId: string,
  ): Promise<Versioned<PipelineDetailDto>> {
    const { pipeline, logs, version } = await this.queries.execute(new GetPipelineQuery(principal.tenantId, pipelineId));
    return versioned(version, toPipelineDetailDto(pipeline, logs));
  }

  @Get(':pipelineId/export')
  @Endpoint({
    operationId: 'exportPipeline',
    summary: 'Export a pipeline as JSON',
    description: 'Its full state: every phase’s output and attempts, the agent logs, the estimate.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineExportDto })
  async exportPipeline(
    @CurrentPrincipal() principal: Principal,
    @Param('pipelineId', uuidParam()) pipelineId: string,
  ): Promise<PipelineExportDto> {
    const { pipeline, logs } = await this.queries.execute(new GetPipelineQuery(principal.tenantId, pipelineId));
    return { exportVersion: 1, exportedAt: this.clock.now().toISOString(), pipeline: toPipelineDetailDto(pipeline, logs) };
  }

  @Post(':pipelineId/approve')
  @HttpCode(200)
  @Endpoint({
    operationId: 'approvePipelineGate',
    summary: 'Pass a waiting gate',
    description: 'The next phase starts (unless the pipeline is paused). A gate that is not waiting: 409 `…/problems/gate-not-waiting`.',
    roles: PEOPLE,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineDto, headers: ETAG })
  approvePipelineGate(
    @Param('pipelineId', uuidParam()) pipelineId: string,
    @Body() body: ApprovePipelineGateDto,
    @Write() write: WriteContext,
  ) {
    return this.change(pipelineId, { kind: 'approve', phase: body.phase, note: body.note ?? null }, write);
  }

  @Post(':pipelineId/pause')
  @HttpCode(200)
  @Endpoint({
    operationId: 'pausePipeline',
    summary: 'Pause a pipeline',
    description:
      'A phase under way finishes; no phase starts until it is resumed (a pause survives restarts). Finished: 409 `…/problems/pipeline-finished`.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineDto, headers: ETAG })
  pausePipeline(@Param('pipelineId', uuidParam()) pipelineId: string, @Write() write: WriteContext) {
    return this.change(pipelineId, { kind: 'pause' }, write);
  }

  @Post(':pipelineId/resume')
  @HttpCode(200)
  @Endpoint({
    operationId: 'resumePipeline',
    summary: 'Resume a paused pipeline',
    description: 'The next phase starts if one was held back. Finished: 409 `…/problems/pipeline-finished`.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineDto, headers: ETAG })
  resumePipeline(@Param('pipelineId', uuidParam()) pipelineId: string, @Write() write: WriteContext) {
    return this.change(pipelineId, { kind: 'resume' }, write);
  }

  @Post(':pipelineId/cancel')
  @HttpCode(200)
  @Endpoint({
    operationId: 'cancelPipeline',
    summary: 'Cancel a pipeline',
    description: 'No further phase runs; a late answer is ignored. Completed: 409 `…/problems/pipeline-finished`.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiOkResponse({ type: PipelineDto, headers: ETAG })
  cancelPipeline(@Param('pipelineId', uuidParam()) pipelineId: string, @Body() body: CancelPipelineDto, @Write() write: WriteContext) {
    return this.change(pipelineId, { kind: 'cancel', reason: body.reason ?? null }, write);
  }

  @Post(':pipelineId/phases/:phase/retry')
  @HttpCode(200)
  @Endpoint({
    operationId: 'retryPipelinePhase',
    summary: 'Retry a failed phase',
    description:
      'A new attempt of the phase that failed. Any other phase: 409 `…/problems/phase-not-failed`; paused: 409 `…/problems/pipeline-paused`.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict'],
  })
  @ApiParam(PIPELINE_ID)
  @ApiParam({ name: 'phase', enum: PIPELINE_PHASES })
  @ApiOkResponse({ type: PipelineDto, headers: ETAG })
  retryPipelinePhase(@Param('pipelineId', uuidParam()) pipelineId: string, @Param('phase') phase: string, @Write() write: WriteContext) {
    if (!(PIPELINE_PHASES as readonly string[]).includes(phase))
      throw new ProblemError(
        problem('validation', `phase must be one of ${PIPELINE_PHASES.join(', ')}`, {
          errors: [{ field: 'phase', messages: ['unknown phase'] }],
        }),
      );
    return this.change(pipelineId, { kind: 'retry', phase: phase as PipelinePhase }, write);
  }

  private async change(pipelineId: string, change: PipelineChange, { context }: WriteContext): Promise<Versioned<PipelineDto>> {
    const { pipeline, version } = await this.commands.execute(new ChangePipelineCommand(context, pipelineId, change));
    return versioned(version, toPipelineDto(pipeline));
  }
}

function filterOf(query: PipelineAgentLogStatisticsQueryDto): AgentLogFilter {
  if (query.from && query.to && query.from >= query.to) throw new ProblemError(problem('validation', '`from` must be before `to`'));
  return {
    ...(query.pipelineId ? { pipelineId: query.pipelineId } : {}),
    ...(query.agent ? { agent: query.agent } : {}),
    ...(query.phase ? { phase: query.phase } : {}),
    ...(query.success ? { success: query.success === 'true' } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}
