import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';

export class DeleteRoutingTemplateCommand extends Command<void> {
  constructor(
    readonly context: CommandContext,
    readonly templateId: string,
  ) {
    super();
  }
}
