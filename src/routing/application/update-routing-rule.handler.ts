import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingDecider } from '../domain/routing.decider.js';
import { routingStreamId } from '../domain/routing.stream.js';
import { UpdateRoutingRuleCommand } from './update-routing-rule.command.js';
import { scopeOf } from './routing-target.js';
import type { RoutingWritten } from './routing-written.js';
import { SquadAccess } from './squad-access.js';

@CommandHandler(UpdateRoutingRuleCommand)
export class UpdateRoutingRuleHandler implements ICommandHandler<UpdateRoutingRuleCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async execute({ context, target, ruleId, changes, expectedVersion }: UpdateRoutingRuleCommand): Promise<RoutingWritten> {
    await this.squads.checkResponders(context.tenantId, target, changes.responder ? [changes.responder] : []);
    const scope = scopeOf(context.tenantId, target);
    const { version } = await handleCommand(
      this.store,
      routingStreamId(scope),
      routingDecider,
      { type: 'UpdateRoutingRule', scope, ruleId, changes },
      {
        metadata: metadataOf(context),
        expectedVersion,
      },
    );
    return { version, ruleIds: [ruleId] };
  }
}
