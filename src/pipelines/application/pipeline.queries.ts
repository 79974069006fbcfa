import { Query } from '@nestjs/cqrs';
import type { Page } from '../../platform/http/pagination.js';
import type { PipelineStatus } from '../domain/pipeline.types.js';
import type { AgentDurationStatistics, AgentLogFilter, AgentLogView } from './agent-log.view.js';
import type { PipelineView } from './pipeline.view.js';

/** A pipeline with its agent logs. */
export class GetPipelineQuery extends Query<{ pipeline: PipelineView; logs: AgentLogView[]; version: number }> {
  constructor(
    readonly tenantId: string,
    readonly pipelineId: string,
  ) {
    super();
  }
}

export class ListPipelinesQuery extends Query<Page<PipelineView>> {
  constructor(
    readonly tenantId: string,
    readonly status: PipelineStatus | undefined,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListAgentLogsQuery extends Query<Page<AgentLogView>> {
  constructor(
    readonly tenantId: string,
    readonly filter: AgentLogFilter,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

export class GetAgentLogStatisticsQuery extends Query<AgentDurationStatistics[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: AgentLogFilter,
  ) {
    super();
  }
}
