/** The routing module's public surface: other modules import only from here. */
export { RoutingModule, type RoutingModuleOptions } from './routing.module.js';
export { SQUAD_DIRECTORY, type SquadDirectory, type SquadMember } from './application/squad-directory.js';
export type { RoutingContext } from './application/routing-context.js';
export type { RoutingTarget } from './application/routing-target.js';

// Queries: what conversations and dashboards read.
export { RoutingQueries } from './application/routing.queries.js';
export {
  GetInteractionSettingsQuery,
  GetRoutingChainQuery,
  GetRoutingRuleQuery,
  GetRoutingStatisticsQuery,
  GetRoutingTemplateQuery,
  ListRoutingRulesQuery,
  ListRoutingTemplatesQuery,
  ValidateSquadRoutingQuery,
} from './application/routing.query.js';
export { RoutingStatistics, type RuleUsage, type SquadRoutingStatistics } from './application/routing-statistics.js';

// Commands.
export {
  ApplyRoutingTemplateCommand,
  ChangeInteractionSettingsCommand,
  CreateRoutingRuleCommand,
  CreateRoutingRulesCommand,
  CreateRoutingTemplateCommand,
  DeleteRoutingRuleCommand,
  DeleteRoutingTemplateCommand,
  type RoutingWritten,
  SetRoutingRuleActiveCommand,
  UpdateRoutingRuleCommand,
  UpdateRoutingTemplateCommand,
} from './application/routing.commands.js';

// Domain types and the pure functions behind them.
export type { ChainLevel, ChainMember, ChainReason, ResolvedChain, RuleSource } from './domain/chain.types.js';
export { resolveChain } from './domain/chain-resolver.js';
export { type RoutingIssue, type RoutingValidation, validateRouting } from './domain/routing-validation.js';
export { DEFAULT_QUESTION_TYPE, type Responder, type RoutingRule, type RoutingRuleSpec, type RoutingScope } from './domain/routing-rule.js';
export {
  DEFAULT_INTERACTION_SETTINGS,
  type InteractionSettings,
  MESSAGE_PLACEHOLDERS,
  renderMessage,
} from './domain/interaction-settings.js';
export type { RoutingTemplate } from './domain/routing-template.js';

// Event types (stored, schema version 1).
export { type RoutingEvent, routingEventTypes } from './domain/routing.events.js';
export { type RoutingTemplateEvent, routingTemplateEventTypes } from './domain/routing-template.events.js';
export {
  type InteractionSettingsChanged,
  type InteractionSettingsEvent,
  interactionSettingsEventTypes,
} from './domain/interaction-settings.decider.js';
