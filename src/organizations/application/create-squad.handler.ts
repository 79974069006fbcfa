import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { squadDecider } from '../domain/squad.decider.js';
import { squadStreamId } from '../domain/organizations.streams.js';
import { CreateSquadCommand } from './create-squad.command.js';
import type { Written } from './written.js';

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
