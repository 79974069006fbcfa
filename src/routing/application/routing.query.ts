import { Query } from '@nestjs/cqrs';
import type { ResolvedChain } from '../domain/chain.types.js';
import type { InteractionSettings } from '../domain/interaction-settings.js';
import type { RoutingRule } from '../domain/routing-rule.js';
import type { RoutingTemplate } from '../domain/routing-template.js';
import type { RoutingValidation } from '../domain/routing-validation.js';
import type { KeyedRule, RulePageRequest } from './routing.queries.js';
import type { SquadRoutingStatistics } from './routing-statistics.js';
import type { RoutingTarget } from './routing-target.js';

/** Who answers a question of `questionType` asked by a member with `askerRole` in a squad, level by level, and why. */
export class GetRoutingChainQuery extends Query<ResolvedChain> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly askerRole: string,
    readonly questionType: string,
  ) {
    super();
  }
}

export class ValidateSquadRoutingQuery extends Query<RoutingValidation> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly proposedRules?: RoutingRule[],
  ) {
    super();
  }
}

export class ListRoutingRulesQuery extends Query<KeyedRule[]> {
  constructor(
    readonly tenantId: string,
    readonly target: RoutingTarget,
    readonly page: RulePageRequest,
  ) {
    super();
  }
}

export class GetRoutingRuleQuery extends Query<RoutingRule> {
  constructor(
    readonly tenantId: string,
    readonly target: RoutingTarget,
    readonly ruleId: string,
  ) {
    super();
  }
}

export class ListRoutingTemplatesQuery extends Query<RoutingTemplate[]> {
  constructor(readonly tenantId: string) {
    super();
  }
}

export class GetRoutingTemplateQuery extends Query<RoutingTemplate> {
  constructor(
    readonly tenantId: string,
    readonly templateId: string,
  ) {
    super();
  }
}

export class GetInteractionSettingsQuery extends Query<InteractionSettings & { version: number }> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}

export class GetRoutingStatisticsQuery extends Query<SquadRoutingStatistics> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
