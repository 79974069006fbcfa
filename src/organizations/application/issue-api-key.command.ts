import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { Written } from './written.js';

/** Returns the key itself: the only time it exists outside the caller's hands. */
export class IssueApiKeyCommand extends Command<Written & { key: string }> {
  constructor(
    readonly context: CommandContext,
    readonly keyId: string,
    readonly name: string,
    readonly role: ApiKeyRole,
    readonly memberId: string | null,
  ) {
    super();
  }
}
