import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineReader } from './pipeline.reader.js';
import { GetAgentLogStatisticsQuery, GetPipelineQuery, ListAgentLogsQuery, ListPipelinesQuery } from './pipeline.queries.js';

@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler implements IQueryHandler<GetPipelineQuery> {
  constructor(private readonly reader: PipelineReader) {}
  async execute({ tenantId, pipelineId }: GetPipelineQuery) {
    const { pipeline, version } = await this.reader.pipeline(tenantId, pipelineId);
    return { pipeline, logs: await this.reader.logsOf(tenantId, pipelineId), version };
  }
}

@QueryHandler(ListPipelinesQuery)
export class ListPipelinesHandler implements IQueryHandler<ListPipelinesQuery> {
  constructor(private readonly reader: PipelineReader) {}
  execute({ tenantId, status, after, limit }: ListPipelinesQuery) {
    return this.reader.list(tenantId, status, after, limit);
  }
}

@QueryHandler(ListAgentLogsQuery)
export class ListAgentLogsHandler implements IQueryHandler<ListAgentLogsQuery> {
  constructor(private readonly reader: PipelineReader) {}
  execute({ tenantId, filter, after, limit }: ListAgentLogsQuery) {
    return this.reader.agentLogs(tenantId, filter, after, limit);
  }
}

@QueryHandler(GetAgentLogStatisticsQuery)
export class GetAgentLogStatisticsHandler implements IQueryHandler<GetAgentLogStatisticsQuery> {
  constructor(private readonly reader: PipelineReader) {}
  execute({ tenantId, filter }: GetAgentLogStatisticsQuery) {
    return this.reader.statistics(tenantId, filter);
  }
}
