import { Injectable } from '@nestjs/common';
import { type HandledCommand, handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { interactionSettingsDecider } from '../domain/interaction-settings.decider.js';
import type { InteractionSettings } from '../domain/interaction-settings.js';
import { interactionSettingsStreamId } from '../domain/routing.stream.js';
import { type RoutingContext, metadataOf } from './routing-context.js';
import { SquadAccess } from './squad-access.js';

@Injectable()
export class InteractionSettingsHandler {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async change(
    context: RoutingContext,
    squadId: string,
    changes: Partial<InteractionSettings>,
    expectedVersion?: number,
  ): Promise<HandledCommand<InteractionSettings>> {
    await this.squads.membersOf(context.tenantId, squadId);
    const command = { type: 'ChangeInteractionSettings' as const, organizationId: context.tenantId, squadId, changes };
    return handleCommand(this.store, interactionSettingsStreamId(squadId), interactionSettingsDecider, command, {
      metadata: metadataOf(context),
      expectedVersion,
    });
  }
}
