import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import { psaAccepts } from '../../integrations/psa/index.js';
import type { OutputCommand } from '../domain/output.commands.js';
import { PsaNotConfiguredError } from '../domain/resolution.errors.js';
import { ChangeOutputCommand, type OutputChange } from './change-output.command.js';
import { OutputReader } from './output.reader.js';
import { OutputRepository } from './output.repository.js';
import type { OutputWritten } from './output.view.js';

/**
 * An unknown or foreign output is a 404 (the read model knows an output before its stream exists);
 * the change is decided on the output's stream. A push to the PSA needs the webhook configured for
 * resolutions, checked before anything is recorded.
 */
@CommandHandler(ChangeOutputCommand)
export class ChangeOutputHandler implements ICommandHandler<ChangeOutputCommand> {
  constructor(
    private readonly outputs: OutputRepository,
    private readonly reader: OutputReader,
    private readonly db: Database,
  ) {}

  async execute({ context, outputId, change, expectedVersion }: ChangeOutputCommand): Promise<OutputWritten> {
    const { view } = await this.reader.output(context.tenantId, outputId);
    if (change.kind === 'push' && change.target === 'psa' && !(await psaAccepts(this.db, context.tenantId, 'resolution')))
      throw new PsaNotConfiguredError();
    const addressed = { outputId, sessionId: view.sessionId, outputType: view.type, now: context.now };
    const { version } = await this.outputs.handle(context, commandOf(change, addressed, context.actor), expectedVersion);
    return { output: (await this.reader.output(context.tenantId, outputId)).view, version };
  }
}

function commandOf(
  change: OutputChange,
  addressed: { outputId: string; sessionId: string; outputType: OutputCommand['outputType']; now: string },
  by: Actor,
): OutputCommand {
  switch (change.kind) {
    case 'edit':
      return { type: 'EditOutput', ...addressed, content: change.content, by };
    case 'regenerate':
      return { type: 'RegenerateOutput', ...addressed, requestId: randomUUID(), instructions: change.instructions, by };
    case 'approve':
      return { type: 'ApproveOutput', ...addressed, by };
    case 'reject':
      return { type: 'RejectOutput', ...addressed, reason: change.reason, by };
    case 'push':
      return { type: 'PushOutput', ...addressed, pushId: randomUUID(), target: change.target, to: change.to, by };
  }
}
