import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../../platform/event-store/event.types.js';
import type { PipelineCommand } from '../domain/pipeline.commands.js';
import { ChangePipelineCommand, type PipelineChange } from './change-pipeline.command.js';
import { PipelineReader } from './pipeline.reader.js';
import { PipelineRepository } from './pipeline.repository.js';

/** An unknown or foreign pipeline is a 404 (checked on the read model); the change is decided on its stream. */
@CommandHandler(ChangePipelineCommand)
export class ChangePipelineHandler implements ICommandHandler<ChangePipelineCommand> {
  constructor(
    private readonly pipelines: PipelineRepository,
    private readonly reader: PipelineReader,
  ) {}

  async execute({ context, pipelineId, change }: ChangePipelineCommand) {
    await this.reader.stored(context.tenantId, pipelineId);
    await this.pipelines.handle(context, commandOf(change, { pipelineId, now: context.now, by: context.actor }));
    return this.reader.pipeline(context.tenantId, pipelineId);
  }
}

function commandOf(change: PipelineChange, addressed: { pipelineId: string; now: string; by: Actor }): PipelineCommand {
  switch (change.kind) {
    case 'approve':
      return { type: 'ApproveGate', ...addressed, phase: change.phase, note: change.note };
    case 'pause':
      return { type: 'PausePipeline', ...addressed };
    case 'resume':
      return { type: 'ResumePipeline', ...addressed };
    case 'cancel':
      return { type: 'CancelPipeline', ...addressed, reason: change.reason };
    case 'retry':
      return { type: 'RetryPhase', ...addressed, phase: change.phase };
  }
}
