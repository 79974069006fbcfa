import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { Plan } from '../domain/organization.events.js';
import type { Written } from './written.js';

export class UpdateOrganizationCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly organizationId: string,
    readonly changes: { name?: string; plan?: Plan },
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
