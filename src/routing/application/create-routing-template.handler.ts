import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { fold } from '../../platform/decider/decider.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingDecider } from '../domain/routing.decider.js';
import type { RoutingEvent } from '../domain/routing.events.js';
import { routingStreamId, routingTemplatesStreamId } from '../domain/routing.stream.js';
import type { RoutingRule } from '../domain/routing-rule.js';
import { routingTemplateDecider } from '../domain/routing-template.decider.js';
import type { TemplateRule } from '../domain/template-rule.js';
import { CreateRoutingTemplateCommand } from './create-routing-template.command.js';
import { SquadAccess } from './squad-access.js';

/** A squad rule as a template rule. Only active rules to roles carry over: members do not exist in other squads. */
function asTemplateRule(rule: RoutingRule): TemplateRule | null {
  if (!rule.active || rule.responder.kind !== 'role') return null;
  return {
    askerRole: rule.askerRole,
    questionType: rule.questionType,
    level: rule.level,
    responderRole: rule.responder.role,
    priority: rule.priority,
  };
}

/** From explicit rules, or from a squad's current rules (read whole from its stream), reporting how many could not carry over. */
@CommandHandler(CreateRoutingTemplateCommand)
export class CreateRoutingTemplateHandler implements ICommandHandler<CreateRoutingTemplateCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  async execute({ context, template, source }: CreateRoutingTemplateCommand): Promise<{ templateId: string; skippedRules: number }> {
    const { rules, skippedRules, sourceSquadId } =
      'fromSquadId' in source
        ? await this.squadRules(context.tenantId, source.fromSquadId)
        : { rules: source.rules, skippedRules: 0, sourceSquadId: null };
    const templateId = randomUUID();
    await handleCommand(
      this.store,
      routingTemplatesStreamId(context.tenantId),
      routingTemplateDecider,
      { type: 'CreateRoutingTemplate', organizationId: context.tenantId, templateId, sourceSquadId, rules, ...template },
      { metadata: metadataOf(context) },
    );
    return { templateId, skippedRules };
  }

  private async squadRules(tenantId: string, squadId: string) {
    await this.squads.membersOf(tenantId, squadId);
    const history = await this.store.readStream<RoutingEvent>(routingStreamId({ kind: 'squad', organizationId: tenantId, squadId }));
    const all = [...fold(routingDecider, history).rules.values()];
    const rules = all.map(asTemplateRule).filter((rule): rule is TemplateRule => rule !== null);
    return { rules, skippedRules: all.length - rules.length, sourceSquadId: squadId };
  }
}
