import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { OutputType } from '../../branching/index.js';
import { OutputReader } from './output.reader.js';
import { ResolutionRepository } from './resolution.repository.js';
import { ResolveSessionCommand, type ResolutionWritten } from './resolve-session.command.js';

/** Resolves at once; the three drafts are written by their own durable steps, never awaited here. */
@CommandHandler(ResolveSessionCommand)
export class ResolveSessionHandler implements ICommandHandler<ResolveSessionCommand> {
  constructor(
    private readonly resolutions: ResolutionRepository,
    private readonly outputs: OutputReader,
  ) {}

  async execute(command: ResolveSessionCommand): Promise<ResolutionWritten> {
    const { context } = command;
    const resolutionId = randomUUID();
    const outputIds: Record<OutputType, string> = { psa_notes: randomUUID(), kb_article: randomUUID(), client_summary: randomUUID() };
    const { version } = await this.resolutions.handle(
      context,
      command.sessionId,
      {
        type: 'ResolveSession',
        resolutionId,
        resolution: command.resolution,
        rootCause: command.rootCause,
        solvedBranchId: command.solvedBranchId,
        outputIds,
        by: context.actor,
        now: context.now,
      },
      command.expectedVersion,
    );
    const outputs = await this.outputs.ofSession(context.tenantId, command.sessionId, false);
    return { sessionId: command.sessionId, resolutionId, outputs, version };
  }
}
