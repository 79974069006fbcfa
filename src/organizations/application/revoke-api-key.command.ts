import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { Written } from './written.js';

export class RevokeApiKeyCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly keyId: string,
  ) {
    super();
  }
}
