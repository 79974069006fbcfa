import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { InteractionSettings } from '../domain/interaction-settings.js';

export class ChangeInteractionSettingsCommand extends Command<{ version: number; settings: InteractionSettings }> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly changes: Partial<InteractionSettings>,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
