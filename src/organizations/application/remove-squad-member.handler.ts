import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { squadDecider } from '../domain/squad.decider.js';
import { squadStreamId } from '../domain/organizations.streams.js';
import { RemoveSquadMemberCommand } from './remove-squad-member.command.js';
import type { Written } from './written.js';

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
