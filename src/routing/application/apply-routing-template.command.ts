import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { RoutingWritten } from './routing-written.js';

export class ApplyRoutingTemplateCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly templateId: string,
    readonly mode: 'replace' | 'merge',
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
