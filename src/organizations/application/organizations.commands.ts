import { Command } from '@nestjs/cqrs';
import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { Plan } from '../domain/organization.events.js';
import type { MemberKind } from '../domain/squad.events.js';
import type { CommandContext } from './command-context.js';

/** What a write returns: the aggregate's id and its stream version (the ETag). */
export interface Written {
  id: string;
  version: number;
}

export class CreateOrganizationCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly name: string,
    readonly plan: Plan,
  ) {
    super();
  }
}

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

export class CreateSquadCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly name: string,
    readonly description: string,
  ) {
    super();
  }
}

export class UpdateSquadCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly changes: { name?: string; description?: string },
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export interface NewMember {
  memberId: string;
  kind: MemberKind;
  role: string;
  displayName: string;
  agentSlug: string | null;
}

export class AddSquadMemberCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly member: NewMember,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export class RemoveSquadMemberCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly squadId: string,
    readonly memberId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

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

export class RevokeApiKeyCommand extends Command<Written> {
  constructor(
    readonly context: CommandContext,
    readonly keyId: string,
  ) {
    super();
  }
}
