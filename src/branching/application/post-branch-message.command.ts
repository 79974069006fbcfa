import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { BranchExchange } from './session.view.js';

export class PostBranchMessageCommand extends Command<BranchExchange> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly branchId: string,
    readonly text: string,
    readonly attachmentIds: string[],
    readonly messageId: string,
    readonly replyId: string,
  ) {
    super();
  }
}
