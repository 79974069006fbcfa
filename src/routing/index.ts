/** The routing module's public surface: other modules import only from here. */
export { RoutingModule, type RoutingModuleOptions } from './routing.module.js';
export { SQUAD_DIRECTORY, type SquadDirectory, type SquadMember } from './application/squad-directory.js';
export type { RoutingTarget } from './application/routing-target.js';

// Queries: what conversations and dashboards read.
export { type KeyedRule, type QuestionRouting, RoutingReadModel, type RulePageRequest } from './application/routing-read-model.js';
export { GetInteractionSettingsQuery } from './application/get-interaction-settings.query.js';
export { GetRoutingChainQuery } from './application/get-routing-chain.query.js';
export { GetRoutingRuleQuery } from './application/get-routing-rule.query.js';
export { GetRoutingStatisticsQuery } from './application/get-routing-statistics.query.js';
export { GetRoutingTemplateQuery } from './application/get-routing-template.query.js';
export { ListRoutingRulesQuery } from './application/list-routing-rules.query.js';
export { ListRoutingTemplatesQuery } from './application/list-routing-templates.query.js';
export { ResolveQuestionRoutingQuery } from './application/resolve-question-routing.query.js';
export { ValidateSquadRoutingQuery } from './application/validate-squad-routing.query.js';
export type { RuleStatistics, SquadRoutingStatistics } from './application/squad-routing-statistics.js';

// Commands.
export { ApplyRoutingTemplateCommand } from './application/apply-routing-template.command.js';
export { ChangeInteractionSettingsCommand } from './application/change-interaction-settings.command.js';
export { CreateRoutingRuleCommand } from './application/create-routing-rule.command.js';
export { BulkCreateRoutingRulesCommand } from './application/bulk-create-routing-rules.command.js';
export { CreateRoutingTemplateCommand } from './application/create-routing-template.command.js';
export { DeleteRoutingRuleCommand } from './application/delete-routing-rule.command.js';
export { DeleteRoutingTemplateCommand } from './application/delete-routing-template.command.js';
export { SetRoutingRuleActiveCommand } from './application/set-routing-rule-active.command.js';
export { UpdateRoutingRuleCommand } from './application/update-routing-rule.command.js';
export { UpdateRoutingTemplateCommand } from './application/update-routing-template.command.js';
export type { RoutingWritten } from './application/routing-written.js';

// Domain types and the pure functions behind them.
export type { ChainLevel, ChainMember, ChainReason, ResolvedChain, RuleSource } from './domain/chain.types.js';
export { resolveChain } from './domain/chain-resolver.js';
export { type RoutingIssue, type RoutingValidation, validateRouting } from './domain/routing-validation.js';
export { DEFAULT_QUESTION_TYPE, type Responder, type RoutingRule, type RoutingRuleSpec, type RoutingScope } from './domain/routing-rule.js';
export { DEFAULT_INTERACTION_SETTINGS, type InteractionSettings, MESSAGE_PLACEHOLDERS } from './domain/interaction-settings.js';
export type { RoutingTemplate } from './domain/routing-template.js';

// Event types (stored, schema version 1).
export { type RoutingEvent, routingEventTypes } from './domain/routing.events.js';
export { type RoutingTemplateEvent, routingTemplateEventTypes } from './domain/routing-template.events.js';
export {
  type InteractionSettingsChanged,
  type InteractionSettingsEvent,
  interactionSettingsEventTypes,
} from './domain/interaction-settings.decider.js';
