import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionReader } from '../../branching/index.js';
import { HandOffSessionCommand } from './hand-off-session.command.js';
import { HandoffReader } from './handoff.reader.js';
import { HandoffRepository } from './handoff.repository.js';
import type { HandoffWritten } from './handoff.view.js';

/** Parks or escalates: the step count is read first, the snapshot is decided on the session as it is. */
@CommandHandler(HandOffSessionCommand)
export class HandOffSessionHandler implements ICommandHandler<HandOffSessionCommand> {
  constructor(
    private readonly handoffs: HandoffRepository,
    private readonly sessions: SessionReader,
    private readonly reader: HandoffReader,
  ) {}

  async execute(command: HandOffSessionCommand): Promise<HandoffWritten> {
    const { context } = command;
    const stepCount = await this.sessions.messageCount(command.sessionId);
    const { version } = await this.handoffs.handle(context, command.sessionId, {
      type: 'HandOffSession',
      handoffId: command.handoffId,
      kind: command.kind,
      notes: command.notes,
      priority: command.priority,
      stepCount,
      by: context.actor,
      now: context.now,
    });
    return { handoff: await this.reader.handoff(context.tenantId, command.handoffId), version };
  }
}
