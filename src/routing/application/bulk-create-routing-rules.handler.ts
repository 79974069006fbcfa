import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingDecider } from '../domain/routing.decider.js';
import { routingStreamId } from '../domain/routing.stream.js';
import { BulkCreateRoutingRulesCommand } from './bulk-create-routing-rules.command.js';
import { scopeOf } from './routing-target.js';
import { type RoutingWritten, createdRuleIds } from './routing-written.js';
import { SquadAccess } from './squad-access.js';

/** All or nothing: the decider refuses the whole batch for one bad rule. */
@CommandHandler(BulkCreateRoutingRulesCommand)
export class BulkCreateRoutingRulesHandler implements ICommandHandler<BulkCreateRoutingRulesCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async execute({ context, target, rules, expectedVersion }: BulkCreateRoutingRulesCommand): Promise<RoutingWritten> {
    await this.squads.checkResponders(
      context.tenantId,
      target,
      rules.map((rule) => rule.responder),
    );
    const scope = scopeOf(context.tenantId, target);
    const { version, events } = await handleCommand(
      this.store,
      routingStreamId(scope),
      routingDecider,
      { type: 'CreateRoutingRules', scope, rules: rules.map((rule) => ({ ...rule, id: randomUUID() })) },
      {
        metadata: metadataOf(context),
        expectedVersion,
      },
    );
    return { version, ruleIds: createdRuleIds(events) };
  }
}
