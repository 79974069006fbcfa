import { Command } from '@nestjs/cqrs';
import type { InteractionSettings } from '../domain/interaction-settings.js';
import type { RoutingRuleSpec } from '../domain/routing-rule.js';
import type { TemplateRule } from '../domain/template-rule.js';
import type { RoutingContext } from './routing-context.js';
import type { RoutingTarget } from './routing-target.js';
import type { NewTemplate } from './routing-templates.handler.js';

/** What a rule write returns: the scope's version after it (the ETag) and the rules it touched. */
export interface RoutingWritten {
  version: number;
  ruleIds: string[];
}

export class CreateRoutingRuleCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly target: RoutingTarget,
    readonly rule: RoutingRuleSpec,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/** All or nothing. */
export class CreateRoutingRulesCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly target: RoutingTarget,
    readonly rules: RoutingRuleSpec[],
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export class UpdateRoutingRuleCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly target: RoutingTarget,
    readonly ruleId: string,
    readonly changes: Partial<RoutingRuleSpec>,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export class SetRoutingRuleActiveCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly target: RoutingTarget,
    readonly ruleId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export class DeleteRoutingRuleCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly target: RoutingTarget,
    readonly ruleId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

export class ApplyRoutingTemplateCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: RoutingContext,
    readonly squadId: string,
    readonly templateId: string,
    readonly mode: 'replace' | 'merge',
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/** From a squad's current rules (`fromSquadId`) or from explicit `rules`. */
export class CreateRoutingTemplateCommand extends Command<{ templateId: string; skippedRules: number }> {
  constructor(
    readonly context: RoutingContext,
    readonly template: NewTemplate,
    readonly source: { fromSquadId: string } | { rules: TemplateRule[] },
  ) {
    super();
  }
}

export class UpdateRoutingTemplateCommand extends Command<void> {
  constructor(
    readonly context: RoutingContext,
    readonly templateId: string,
    readonly changes: Partial<NewTemplate>,
  ) {
    super();
  }
}

export class DeleteRoutingTemplateCommand extends Command<void> {
  constructor(
    readonly context: RoutingContext,
    readonly templateId: string,
  ) {
    super();
  }
}

export class ChangeInteractionSettingsCommand extends Command<{ version: number; settings: InteractionSettings }> {
  constructor(
    readonly context: RoutingContext,
    readonly squadId: string,
    readonly changes: Partial<InteractionSettings>,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
