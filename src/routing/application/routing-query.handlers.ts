import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RoutingQueries } from './routing.queries.js';
import {
  GetInteractionSettingsQuery,
  GetRoutingChainQuery,
  GetRoutingRuleQuery,
  GetRoutingStatisticsQuery,
  GetRoutingTemplateQuery,
  ListRoutingRulesQuery,
  ListRoutingTemplatesQuery,
  ValidateSquadRoutingQuery,
} from './routing.query.js';
import { RoutingStatistics } from './routing-statistics.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';
import { SquadAccess } from './squad-access.js';

@QueryHandler(GetRoutingChainQuery)
export class GetRoutingChainHandler implements IQueryHandler<GetRoutingChainQuery> {
  constructor(private readonly queries: RoutingQueries) {}
  execute({ tenantId, squadId, askerRole, questionType }: GetRoutingChainQuery) {
    return this.queries.chainFor(tenantId, squadId, askerRole, questionType);
  }
}

@QueryHandler(ValidateSquadRoutingQuery)
export class ValidateSquadRoutingHandler implements IQueryHandler<ValidateSquadRoutingQuery> {
  constructor(private readonly queries: RoutingQueries) {}
  execute({ tenantId, squadId, proposedRules }: ValidateSquadRoutingQuery) {
    return this.queries.validateSquad(tenantId, squadId, proposedRules);
  }
}

@QueryHandler(ListRoutingRulesQuery)
export class ListRoutingRulesHandler implements IQueryHandler<ListRoutingRulesQuery> {
  constructor(private readonly queries: RoutingQueries) {}
  execute({ tenantId, target, page }: ListRoutingRulesQuery) {
    return this.queries.rules(tenantId, target, page);
  }
}

@QueryHandler(GetRoutingRuleQuery)
export class GetRoutingRuleHandler implements IQueryHandler<GetRoutingRuleQuery> {
  constructor(private readonly queries: RoutingQueries) {}
  execute({ tenantId, target, ruleId }: GetRoutingRuleQuery) {
    return this.queries.rule(tenantId, target, ruleId);
  }
}

@QueryHandler(ListRoutingTemplatesQuery)
export class ListRoutingTemplatesHandler implements IQueryHandler<ListRoutingTemplatesQuery> {
  constructor(private readonly catalog: RoutingTemplateCatalog) {}
  execute({ tenantId }: ListRoutingTemplatesQuery) {
    return this.catalog.list(tenantId);
  }
}

@QueryHandler(GetRoutingTemplateQuery)
export class GetRoutingTemplateHandler implements IQueryHandler<GetRoutingTemplateQuery> {
  constructor(private readonly catalog: RoutingTemplateCatalog) {}
  execute({ tenantId, templateId }: GetRoutingTemplateQuery) {
    return this.catalog.get(tenantId, templateId);
  }
}

@QueryHandler(GetInteractionSettingsQuery)
export class GetInteractionSettingsHandler implements IQueryHandler<GetInteractionSettingsQuery> {
  constructor(private readonly queries: RoutingQueries) {}
  execute({ tenantId, squadId }: GetInteractionSettingsQuery) {
    return this.queries.settings(tenantId, squadId);
  }
}

@QueryHandler(GetRoutingStatisticsQuery)
export class GetRoutingStatisticsHandler implements IQueryHandler<GetRoutingStatisticsQuery> {
  constructor(
    private readonly statistics: RoutingStatistics,
    private readonly squads: SquadAccess,
  ) {}
  async execute({ tenantId, squadId }: GetRoutingStatisticsQuery) {
    await this.squads.membersOf(tenantId, squadId);
    return this.statistics.forSquad(tenantId, squadId);
  }
}

export const routingQueryHandlers = [
  GetRoutingChainHandler,
  ValidateSquadRoutingHandler,
  ListRoutingRulesHandler,
  GetRoutingRuleHandler,
  ListRoutingTemplatesHandler,
  GetRoutingTemplateHandler,
  GetInteractionSettingsHandler,
  GetRoutingStatisticsHandler,
];
