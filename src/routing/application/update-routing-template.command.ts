import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { NewTemplate } from './new-template.js';

export class UpdateRoutingTemplateCommand extends Command<void> {
  constructor(
    readonly context: CommandContext,
    readonly templateId: string,
    readonly changes: Partial<NewTemplate>,
  ) {
    super();
  }
}
