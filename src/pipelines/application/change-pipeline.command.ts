import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { PipelinePhase } from '../domain/pipeline.types.js';
import type { PipelineView } from './pipeline.view.js';

/** A person's change to a running pipeline. */
export type PipelineChange =
  | { kind: 'approve'; phase: PipelinePhase; note: string | null }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel'; reason: string | null }
  | { kind: 'retry'; phase: PipelinePhase };

export class ChangePipelineCommand extends Command<{ pipeline: PipelineView; version: number }> {
  constructor(
    readonly context: CommandContext,
    readonly pipelineId: string,
    readonly change: PipelineChange,
  ) {
    super();
  }
}
