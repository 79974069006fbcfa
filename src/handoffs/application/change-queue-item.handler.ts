import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ChangeQueueItemCommand } from './change-queue-item.command.js';
import { HandoffRepository } from './handoff.repository.js';
import type { QueueItemWritten } from './queue-item.view.js';
import { QueueReader } from './queue.reader.js';
import { QueuedQuestionRepository } from './queued-question.repository.js';

/**
 * The item says what it is (an unknown or foreign item is a 404). A handoff's claim is decided on its
 * session's stream, a question's on its conversation's, so of two claimers at once exactly one appends
 * and the other is told who has it.
 */
@CommandHandler(ChangeQueueItemCommand)
export class ChangeQueueItemHandler implements ICommandHandler<ChangeQueueItemCommand> {
  constructor(
    private readonly handoffs: HandoffRepository,
    private readonly questions: QueuedQuestionRepository,
    private readonly reader: QueueReader,
  ) {}

  async execute(command: ChangeQueueItemCommand): Promise<QueueItemWritten> {
    const { context, itemId, change, byAdmin } = command;
    const item = await this.reader.item(context.tenantId, itemId);
    const by = context.actor;
    const now = context.now;
    const { version } =
      item.kind === 'question'
        ? await this.questions.handle(
            context,
            itemId,
            change === 'claim' ? { type: 'ClaimQuestion', by, now } : { type: 'ReleaseQuestion', by, byAdmin, now },
          )
        : await this.handoffs.handle(
            context,
            item.sessionId!,
            change === 'claim'
              ? { type: 'ClaimHandoff', handoffId: itemId, by, now }
              : { type: 'ReleaseHandoff', handoffId: itemId, by, byAdmin, now },
          );
    // Read again: the inline projection has the claim (and its briefing) in the same transaction.
    return { item: await this.reader.item(context.tenantId, itemId), version };
  }
}
