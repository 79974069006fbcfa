import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import type { ApiKeyRole } from '../domain/api-key.events.js';
import type { Plan } from '../domain/organization.events.js';
import { type CommandContext, systemContext } from '../../platform/decider/command-context.js';
import { Clock } from '../../platform/decider/clock.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import { AddSquadMemberCommand, type NewMember } from './add-squad-member.command.js';
import { CreateOrganizationCommand } from './create-organization.command.js';
import { CreateSquadCommand } from './create-squad.command.js';
import { IssueApiKeyCommand } from './issue-api-key.command.js';

const TENANCY_ACTOR: Actor = { kind: 'system', id: 'tenancy' };

export interface CreatedOrganization {
  organizationId: string;
  adminKeyId: string;
  /** Shown once. */
  adminKey: string;
}

/**
 * Setting up tenants outside HTTP (command line, first start, tests): the same commands the API
 * issues, as the system actor.
 */
@Injectable()
export class TenancyService {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  private contextFor(organizationId: string): CommandContext {
    return systemContext({ tenantId: organizationId, actor: TENANCY_ACTOR }, this.clock.now());
  }

  /** Every organization's id, oldest first (for seeding and maintenance commands). */
  async organizationIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_position');
    return rows.map((row) => row.id);
  }

  async createOrganization(name: string, plan: Plan = 'free', organizationId: string = randomUUID()): Promise<CreatedOrganization> {
    const context = this.contextFor(organizationId);
    await this.commands.execute(new CreateOrganizationCommand(context, name, plan));
    const key = await this.issueKey(organizationId, { name: 'first admin key', role: 'admin' });
    return { organizationId, adminKeyId: key.keyId, adminKey: key.key };
  }

  async issueKey(
    organizationId: string,
    spec: { name: string; role: ApiKeyRole; memberId?: string },
  ): Promise<{ keyId: string; key: string }> {
    const keyId = randomUUID();
    const issued = await this.commands.execute(
      new IssueApiKeyCommand(this.contextFor(organizationId), keyId, spec.name, spec.role, spec.memberId ?? null),
    );
    return { keyId, key: issued.key };
  }

  async createSquad(organizationId: string, name: string, members: Omit<NewMember, 'memberId'>[], squadId: string = randomUUID()) {
    const context = this.contextFor(organizationId);
    await this.commands.execute(new CreateSquadCommand(context, squadId, name, ''));
    const memberIds: string[] = [];
    for (const member of members) {
      const memberId = randomUUID();
      await this.commands.execute(new AddSquadMemberCommand(context, squadId, { ...member, memberId }));
      memberIds.push(memberId);
    }
    return { squadId, memberIds };
  }
}
