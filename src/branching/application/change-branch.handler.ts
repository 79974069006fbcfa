import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SessionCommand } from '../domain/session.commands.js';
import { ChangeBranchCommand } from './change-branch.command.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import type { SessionWritten } from './session.view.js';

/** Switch, dead end, solved, revive: one handler, since each is one session command decided on the same stream. */
@CommandHandler(ChangeBranchCommand)
export class ChangeBranchHandler implements ICommandHandler<ChangeBranchCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
  ) {}

  async execute({ context, sessionId, branchId, transition, expectedVersion }: ChangeBranchCommand): Promise<SessionWritten> {
    const who = { branchId, by: context.actor, now: context.now };
    const command: SessionCommand =
      transition.kind === 'switch'
        ? { type: 'SwitchBranch', ...who }
        : transition.kind === 'dead_end'
          ? { type: 'MarkDeadEnd', ...who, reason: transition.reason }
          : transition.kind === 'solved'
            ? { type: 'MarkSolved', ...who, reason: transition.reason }
            : {
                type: 'ReviveBranch',
                ...who,
                evidenceFromBranchId: transition.evidenceFromBranchId,
                evidence: transition.evidence,
                noteMessageId: transition.noteMessageId,
              };
    const written = await this.sessions.handle(context, sessionId, command, { expectedVersion });
    return { session: await this.reader.session(context.tenantId, sessionId), version: written.version };
  }
}
