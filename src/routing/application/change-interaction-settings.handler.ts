import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { interactionSettingsDecider } from '../domain/interaction-settings.decider.js';
import type { InteractionSettings } from '../domain/interaction-settings.js';
import { interactionSettingsStreamId } from '../domain/routing.stream.js';
import { ChangeInteractionSettingsCommand } from './change-interaction-settings.command.js';
import { SquadAccess } from './squad-access.js';

@CommandHandler(ChangeInteractionSettingsCommand)
export class ChangeInteractionSettingsHandler implements ICommandHandler<ChangeInteractionSettingsCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async execute({
    context,
    squadId,
    changes,
    expectedVersion,
  }: ChangeInteractionSettingsCommand): Promise<{ version: number; settings: InteractionSettings }> {
    await this.squads.membersOf(context.tenantId, squadId);
    const { version, state } = await handleCommand(
      this.store,
      interactionSettingsStreamId(squadId),
      interactionSettingsDecider,
      { type: 'ChangeInteractionSettings', organizationId: context.tenantId, squadId, changes },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { version, settings: state };
  }
}
