import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { DomainError } from '../../platform/decider/decider.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RoutingTemplateCommand } from '../domain/routing-template.commands.js';
import { routingTemplateDecider } from '../domain/routing-template.decider.js';
import { routingTemplatesStreamId } from '../domain/routing.stream.js';
import type { RoutingRule } from '../domain/routing-rule.js';
import type { TemplateRule } from '../domain/template-rule.js';
import { type RoutingContext, metadataOf } from './routing-context.js';
import { type RoutingWrite, RoutingRulesHandler } from './routing-rules.handler.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';

export interface NewTemplate {
  name: string;
  description: string;
  isPublic: boolean;
  isDefault: boolean;
}

export class BuiltInTemplateError extends DomainError {
  constructor(templateId: string) {
    super('built_in_template', `template ${templateId} ships with the product and cannot be changed`);
  }
}

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

/** An organization's own templates, and applying any visible template to a squad. */
@Injectable()
export class RoutingTemplatesHandler {
  constructor(
    private readonly store: EventStore,
    private readonly rules: RoutingRulesHandler,
    private readonly catalog: RoutingTemplateCatalog,
  ) {}

  async create(context: RoutingContext, template: NewTemplate & { rules: TemplateRule[] }): Promise<{ templateId: string }> {
    const templateId = randomUUID();
    await this.execute(context, {
      type: 'CreateRoutingTemplate',
      organizationId: context.tenantId,
      templateId,
      sourceSquadId: null,
      ...template,
    });
    return { templateId };
  }

  /** Captures a squad's current rules as a new template; reports how many rules could not be carried over. */
  async createFromSquad(
    context: RoutingContext,
    squadId: string,
    template: NewTemplate,
  ): Promise<{ templateId: string; skippedRules: number }> {
    const state = await this.rules.current(context, { kind: 'squad', squadId });
    const all = [...state.rules.values()];
    const rules = all.map(asTemplateRule).filter((rule): rule is TemplateRule => rule !== null);
    const templateId = randomUUID();
    await this.execute(context, {
      type: 'CreateRoutingTemplate',
      organizationId: context.tenantId,
      templateId,
      sourceSquadId: squadId,
      rules,
      ...template,
    });
    return { templateId, skippedRules: all.length - rules.length };
  }

  async change(context: RoutingContext, templateId: string, changes: Partial<NewTemplate>): Promise<void> {
    this.refuseBuiltIn(templateId);
    await this.execute(context, { type: 'ChangeRoutingTemplate', organizationId: context.tenantId, templateId, ...changes });
  }

  async delete(context: RoutingContext, templateId: string): Promise<void> {
    this.refuseBuiltIn(templateId);
    await this.execute(context, { type: 'DeleteRoutingTemplate', organizationId: context.tenantId, templateId });
  }

  async applyToSquad(
    context: RoutingContext,
    squadId: string,
    templateId: string,
    mode: 'replace' | 'merge',
    expectedVersion?: number,
  ): Promise<RoutingWrite> {
    const template = await this.catalog.get(context.tenantId, templateId);
    return this.rules.applyTemplate(context, { kind: 'squad', squadId }, template, mode, expectedVersion);
  }

  private refuseBuiltIn(templateId: string): void {
    if (this.catalog.builtIn.some((template) => template.id === templateId)) throw new BuiltInTemplateError(templateId);
  }

  private async execute(context: RoutingContext, command: RoutingTemplateCommand): Promise<void> {
    await handleCommand(this.store, routingTemplatesStreamId(context.tenantId), routingTemplateDecider, command, {
      metadata: metadataOf(context),
    });
  }
}
