import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type HandledCommand, handleCommand } from '../../platform/decider/command-handling.js';
import { DomainError, fold } from '../../platform/decider/decider.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RoutingCommand } from '../domain/routing.commands.js';
import { routingDecider } from '../domain/routing.decider.js';
import type { RoutingEvent } from '../domain/routing.events.js';
import type { RoutingState } from '../domain/routing.state.js';
import { routingStreamId } from '../domain/routing.stream.js';
import type { Responder, RoutingRuleSpec } from '../domain/routing-rule.js';
import type { TemplateRule } from '../domain/template-rule.js';
import { type RoutingContext, metadataOf } from './routing-context.js';
import { type RoutingTarget, scopeOf } from './routing-target.js';
import { SquadAccess } from './squad-access.js';

export class UnknownSquadMemberError extends DomainError {
  constructor(memberId: string) {
    super('unknown_squad_member', `member ${memberId} is not in the squad`);
  }
}

/** The outcome of a write: the rule set after it and its version (the ETag for If-Match). */
export type RoutingWrite = HandledCommand<RoutingState>;

/** Load → fold → decide → append for a routing scope's rules. Ids are made here, never in the domain. */
@Injectable()
export class RoutingRulesHandler {
  constructor(
    private readonly store: EventStore,
    private readonly squads: SquadAccess,
  ) {}

  create(context: RoutingContext, target: RoutingTarget, spec: RoutingRuleSpec, expectedVersion?: number): Promise<RoutingWrite> {
    const scope = scopeOf(context.tenantId, target);
    return this.run(
      context,
      target,
      { type: 'CreateRoutingRule', scope, rule: { ...spec, id: randomUUID() } },
      [spec.responder],
      expectedVersion,
    );
  }

  createMany(context: RoutingContext, target: RoutingTarget, specs: RoutingRuleSpec[], expectedVersion?: number): Promise<RoutingWrite> {
    const scope = scopeOf(context.tenantId, target);
    const rules = specs.map((spec) => ({ ...spec, id: randomUUID() }));
    return this.run(
      context,
      target,
      { type: 'CreateRoutingRules', scope, rules },
      specs.map((spec) => spec.responder),
      expectedVersion,
    );
  }

  update(
    context: RoutingContext,
    target: RoutingTarget,
    ruleId: string,
    changes: Partial<RoutingRuleSpec>,
    expectedVersion?: number,
  ): Promise<RoutingWrite> {
    const scope = scopeOf(context.tenantId, target);
    return this.run(
      context,
      target,
      { type: 'UpdateRoutingRule', scope, ruleId, changes },
      changes.responder ? [changes.responder] : [],
      expectedVersion,
    );
  }

  setActive(
    context: RoutingContext,
    target: RoutingTarget,
    ruleId: string,
    active: boolean,
    expectedVersion?: number,
  ): Promise<RoutingWrite> {
    const scope = scopeOf(context.tenantId, target);
    const command: RoutingCommand = active
      ? { type: 'ActivateRoutingRule', scope, ruleId }
      : { type: 'DeactivateRoutingRule', scope, ruleId };
    return this.run(context, target, command, [], expectedVersion);
  }

  delete(context: RoutingContext, target: RoutingTarget, ruleId: string, expectedVersion?: number): Promise<RoutingWrite> {
    return this.run(context, target, { type: 'DeleteRoutingRule', scope: scopeOf(context.tenantId, target), ruleId }, [], expectedVersion);
  }

  applyTemplate(
    context: RoutingContext,
    target: RoutingTarget,
    template: { id: string; name: string; rules: TemplateRule[] },
    mode: 'replace' | 'merge',
    expectedVersion?: number,
  ): Promise<RoutingWrite> {
    const scope = scopeOf(context.tenantId, target);
    const newRuleIds = template.rules.map(() => randomUUID());
    return this.run(context, target, { type: 'ApplyRoutingTemplate', scope, template, mode, newRuleIds }, [], expectedVersion);
  }

  /** The current rule set of a scope, straight from its stream (for decisions that need it whole). */
  async current(context: RoutingContext, target: RoutingTarget): Promise<RoutingState> {
    if (target.kind === 'squad') await this.squads.membersOf(context.tenantId, target.squadId);
    const history = await this.store.readStream(routingStreamId(scopeOf(context.tenantId, target)));
    return fold(routingDecider, history as unknown as RoutingEvent[]);
  }

  private async run(
    context: RoutingContext,
    target: RoutingTarget,
    command: RoutingCommand,
    responders: Responder[],
    expectedVersion?: number,
  ): Promise<RoutingWrite> {
    if (target.kind === 'squad') {
      const members = await this.squads.membersOf(context.tenantId, target.squadId);
      // A rule naming a specific member must name one of this squad's; roles may be staffed later.
      for (const responder of responders) {
        if (responder.kind === 'member' && !members.some((member) => member.id === responder.memberId))
          throw new UnknownSquadMemberError(responder.memberId);
      }
    }
    return handleCommand(this.store, routingStreamId(command.scope), routingDecider, command, {
      metadata: metadataOf(context),
      expectedVersion,
    });
  }
}
