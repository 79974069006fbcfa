import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { PipelinePhase } from '../domain/pipeline.types.js';
import type { PipelineView } from './pipeline.view.js';

export interface PipelineRequest {
  featureRequest: string;
  squadId: string | null;
  /** The phases in order, each with the registry agent that runs it; null: the defaults. */
  phases: { phase: PipelinePhase; agent: string | null }[] | null;
  approvalGates: PipelinePhase[];
  estimate: { sessions: number; complexity: number } | null;
}

export class StartPipelineCommand extends Command<{ pipeline: PipelineView; version: number }> {
  constructor(
    readonly context: CommandContext,
    readonly pipelineId: string,
    readonly request: PipelineRequest,
  ) {
    super();
  }
}
