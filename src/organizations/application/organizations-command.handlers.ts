import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { Database } from '../../platform/database/database.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { apiKeyDecider } from '../domain/api-key.decider.js';
import { organizationDecider } from '../domain/organization.decider.js';
import { apiKeyStreamId, organizationStreamId, squadStreamId } from '../domain/organizations.streams.js';
import { squadDecider } from '../domain/squad.decider.js';
import { generateApiKey } from './api-key-secret.js';
import { metadataOf } from './command-context.js';
import {
  AddSquadMemberCommand,
  CreateOrganizationCommand,
  CreateSquadCommand,
  IssueApiKeyCommand,
  RemoveSquadMemberCommand,
  RevokeApiKeyCommand,
  UpdateOrganizationCommand,
  UpdateSquadCommand,
  type Written,
} from './organizations.commands.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, name, plan }: CreateOrganizationCommand): Promise<Written> {
    const organizationId = context.tenantId;
    const result = await handleCommand(
      this.store,
      organizationStreamId(organizationId),
      organizationDecider,
      { type: 'CreateOrganization', organizationId, name, plan, now: context.now },
      { metadata: metadataOf(context), expectedVersion: 0 },
    );
    return { id: organizationId, version: result.version };
  }
}

@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, organizationId, changes, expectedVersion }: UpdateOrganizationCommand): Promise<Written> {
    if (organizationId !== context.tenantId) throw new NotFoundError('organization', organizationId);
    const result = await handleCommand(
      this.store,
      organizationStreamId(organizationId),
      withinTenant(organizationDecider, context.tenantId, 'organization', organizationId),
      { type: 'UpdateOrganization', ...changes, now: context.now },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { id: organizationId, version: result.version };
  }
}

@CommandHandler(CreateSquadCommand)
export class CreateSquadHandler implements ICommandHandler<CreateSquadCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, squadId, name, description }: CreateSquadCommand): Promise<Written> {
    const result = await handleCommand(
      this.store,
      squadStreamId(squadId),
      squadDecider,
      { type: 'CreateSquad', squadId, organizationId: context.tenantId, name, description, now: context.now },
      { metadata: metadataOf(context), expectedVersion: 0 },
    );
    return { id: squadId, version: result.version };
  }
}

@CommandHandler(UpdateSquadCommand)
export class UpdateSquadHandler implements ICommandHandler<UpdateSquadCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, squadId, changes, expectedVersion }: UpdateSquadCommand): Promise<Written> {
    const result = await handleCommand(
      this.store,
      squadStreamId(squadId),
      withinTenant(squadDecider, context.tenantId, 'squad', squadId),
      { type: 'UpdateSquad', ...changes, now: context.now },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { id: squadId, version: result.version };
  }
}

@CommandHandler(AddSquadMemberCommand)
export class AddSquadMemberHandler implements ICommandHandler<AddSquadMemberCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, squadId, member, expectedVersion }: AddSquadMemberCommand): Promise<Written> {
    const result = await handleCommand(
      this.store,
      squadStreamId(squadId),
      withinTenant(squadDecider, context.tenantId, 'squad', squadId),
      { type: 'AddSquadMember', ...member, now: context.now },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { id: member.memberId, version: result.version };
  }
}

@CommandHandler(RemoveSquadMemberCommand)
export class RemoveSquadMemberHandler implements ICommandHandler<RemoveSquadMemberCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, squadId, memberId, expectedVersion }: RemoveSquadMemberCommand): Promise<Written> {
    const result = await handleCommand(
      this.store,
      squadStreamId(squadId),
      withinTenant(squadDecider, context.tenantId, 'squad', squadId),
      { type: 'RemoveSquadMember', memberId, now: context.now },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { id: memberId, version: result.version };
  }
}

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

export const commandHandlers = [
  CreateOrganizationHandler,
  UpdateOrganizationHandler,
  CreateSquadHandler,
  UpdateSquadHandler,
  AddSquadMemberHandler,
  RemoveSquadMemberHandler,
  IssueApiKeyHandler,
  RevokeApiKeyHandler,
];
