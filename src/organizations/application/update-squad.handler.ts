import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { squadDecider } from '../domain/squad.decider.js';
import { squadStreamId } from '../domain/organizations.streams.js';
import { UpdateSquadCommand } from './update-squad.command.js';
import type { Written } from './written.js';

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
