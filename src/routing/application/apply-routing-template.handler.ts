import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingDecider } from '../domain/routing.decider.js';
import { routingStreamId } from '../domain/routing.stream.js';
import { ApplyRoutingTemplateCommand } from './apply-routing-template.command.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';
import { type RoutingTarget, scopeOf } from './routing-target.js';
import { type RoutingWritten, createdRuleIds } from './routing-written.js';
import { SquadAccess } from './squad-access.js';

/** Any template the organization can see, into a squad's rules; one new rule id per template rule. */
@CommandHandler(ApplyRoutingTemplateCommand)
export class ApplyRoutingTemplateHandler implements ICommandHandler<ApplyRoutingTemplateCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
    private readonly catalog: RoutingTemplateCatalog,
  ) {}

  async execute({ context, squadId, templateId, mode, expectedVersion }: ApplyRoutingTemplateCommand): Promise<RoutingWritten> {
    const template = await this.catalog.get(context.tenantId, templateId);
    const target: RoutingTarget = { kind: 'squad', squadId };
    await this.squads.checkTarget(context.tenantId, target);
    const scope = scopeOf(context.tenantId, target);
    const command = {
      type: 'ApplyRoutingTemplate' as const,
      scope,
      template: { id: template.id, name: template.name, rules: template.rules },
      mode,
      newRuleIds: template.rules.map(() => randomUUID()),
    };
    const { version, events } = await handleCommand(this.store, routingStreamId(scope), routingDecider, command, {
      metadata: metadataOf(context),
      expectedVersion,
    });
    return { version, ruleIds: createdRuleIds(events) };
  }
}
