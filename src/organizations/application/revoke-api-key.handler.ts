import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { apiKeyDecider } from '../domain/api-key.decider.js';
import { apiKeyStreamId } from '../domain/organizations.streams.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';
import type { Written } from './written.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, keyId }: RevokeApiKeyCommand): Promise<Written> {
    const result = await handleCommand(
      this.store,
      apiKeyStreamId(keyId),
      withinTenant(apiKeyDecider, context.tenantId, 'API key', keyId),
      { type: 'RevokeApiKey', now: context.now },
      { metadata: metadataOf(context) },
    );
    return { id: keyId, version: result.version };
  }
}
