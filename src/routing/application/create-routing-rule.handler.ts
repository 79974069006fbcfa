import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingDecider } from '../domain/routing.decider.js';
import { routingStreamId } from '../domain/routing.stream.js';
import { CreateRoutingRuleCommand } from './create-routing-rule.command.js';
import { scopeOf } from './routing-target.js';
import { type RoutingWritten, createdRuleIds } from './routing-written.js';
import { SquadAccess } from './squad-access.js';

/** Ids are made here, never in the domain. */
@CommandHandler(CreateRoutingRuleCommand)
export class CreateRoutingRuleHandler implements ICommandHandler<CreateRoutingRuleCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async execute({ context, target, rule, expectedVersion }: CreateRoutingRuleCommand): Promise<RoutingWritten> {
    await this.squads.checkResponders(context.tenantId, target, [rule.responder]);
    const scope = scopeOf(context.tenantId, target);
    const { version, events } = await handleCommand(
      this.store,
      routingStreamId(scope),
      routingDecider,
      { type: 'CreateRoutingRule', scope, rule: { ...rule, id: randomUUID() } },
      {
        metadata: metadataOf(context),
        expectedVersion,
      },
    );
    return { version, ruleIds: createdRuleIds(events) };
  }
}
