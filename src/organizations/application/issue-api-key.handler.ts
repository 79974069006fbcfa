import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { Database } from '../../platform/database/database.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { apiKeyDecider } from '../domain/api-key.decider.js';
import { apiKeyStreamId } from '../domain/organizations.streams.js';
import { generateApiKey } from './api-key-secret.js';
import { IssueApiKeyCommand } from './issue-api-key.command.js';
import type { Written } from './written.js';

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
  ) {}

  async execute({ context, keyId, name, role, memberId }: IssueApiKeyCommand): Promise<Written & { key: string }> {
    const [organization] = await this.db.query('SELECT 1 FROM organizations WHERE id = $1', [context.tenantId]);
    if (!organization) throw new NotFoundError('organization', context.tenantId);
    let member: { id: string; kind: 'agent' | 'human' } | null = null;
    if (memberId !== null) {
      const [row] = await this.db.query<{ kind: 'agent' | 'human' }>(
        'SELECT kind FROM squad_members WHERE id = $1 AND organization_id = $2',
        [memberId, context.tenantId],
      );
      if (!row) throw new NotFoundError('member', memberId);
      member = { id: memberId, kind: row.kind };
    }
    const secret = generateApiKey();
    const result = await handleCommand(
      this.store,
      apiKeyStreamId(keyId),
      apiKeyDecider,
      {
        type: 'IssueApiKey',
        keyId,
        organizationId: context.tenantId,
        name,
        role,
        member,
        keyHash: secret.hash,
        keyPrefix: secret.prefix,
        now: context.now,
      },
      { metadata: metadataOf(context), expectedVersion: 0 },
    );
    return { id: keyId, version: result.version, key: secret.key };
  }
}
