import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { squadDecider } from '../domain/squad.decider.js';
import { squadStreamId } from '../domain/organizations.streams.js';
import { AddSquadMemberCommand } from './add-squad-member.command.js';
import type { Written } from './written.js';

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
