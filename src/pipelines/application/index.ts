import { ChangePipelineHandler } from './change-pipeline.handler.js';
import {
  GetAgentLogStatisticsHandler,
  GetPipelineHandler,
  ListAgentLogsHandler,
  ListPipelinesHandler,
} from './pipeline-queries.handlers.js';
import { StartPipelineHandler } from './start-pipeline.handler.js';

export const commandHandlers = [StartPipelineHandler, ChangePipelineHandler];
export const queryHandlers = [GetPipelineHandler, ListPipelinesHandler, ListAgentLogsHandler, GetAgentLogStatisticsHandler];
