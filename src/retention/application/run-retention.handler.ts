import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RetentionRunner } from './retention-runner.js';
import { RunRetentionCommand } from './run-retention.command.js';
import type { RetentionOutcome } from '../domain/retention.types.js';

@CommandHandler(RunRetentionCommand)
export class RunRetentionHandler implements ICommandHandler<RunRetentionCommand> {
  constructor(private readonly runner: RetentionRunner) {}

  async execute({ context }: RunRetentionCommand): Promise<RetentionOutcome[]> {
    const outcomes = await this.runner.run(`run:${context.correlationId}`, new Date(context.now), context.tenantId);
    return outcomes.get(context.tenantId) ?? [];
  }
}
