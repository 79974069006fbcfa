// The module's handlers, registered once in routing.module.ts (as the Nest CQRS example does).
import { CreateRoutingRuleHandler } from './create-routing-rule.handler.js';
import { BulkCreateRoutingRulesHandler } from './bulk-create-routing-rules.handler.js';
import { UpdateRoutingRuleHandler } from './update-routing-rule.handler.js';
import { SetRoutingRuleActiveHandler } from './set-routing-rule-active.handler.js';
import { DeleteRoutingRuleHandler } from './delete-routing-rule.handler.js';
import { ApplyRoutingTemplateHandler } from './apply-routing-template.handler.js';
import { CreateRoutingTemplateHandler } from './create-routing-template.handler.js';
import { UpdateRoutingTemplateHandler } from './update-routing-template.handler.js';
import { DeleteRoutingTemplateHandler } from './delete-routing-template.handler.js';
import { ChangeInteractionSettingsHandler } from './change-interaction-settings.handler.js';
import { GetRoutingChainHandler } from './get-routing-chain.handler.js';
import { ResolveQuestionRoutingHandler } from './resolve-question-routing.handler.js';
import { ValidateSquadRoutingHandler } from './validate-squad-routing.handler.js';
import { ListRoutingRulesHandler } from './list-routing-rules.handler.js';
import { GetRoutingRuleHandler } from './get-routing-rule.handler.js';
import { ListRoutingTemplatesHandler } from './list-routing-templates.handler.js';
import { GetRoutingTemplateHandler } from './get-routing-template.handler.js';
import { GetInteractionSettingsHandler } from './get-interaction-settings.handler.js';

export const commandHandlers = [
  CreateRoutingRuleHandler,
  BulkCreateRoutingRulesHandler,
  UpdateRoutingRuleHandler,
  SetRoutingRuleActiveHandler,
  DeleteRoutingRuleHandler,
  ApplyRoutingTemplateHandler,
  CreateRoutingTemplateHandler,
  UpdateRoutingTemplateHandler,
  DeleteRoutingTemplateHandler,
  ChangeInteractionSettingsHandler,
];

export const queryHandlers = [
  GetRoutingChainHandler,
  ResolveQuestionRoutingHandler,
  ValidateSquadRoutingHandler,
  ListRoutingRulesHandler,
  GetRoutingRuleHandler,
  ListRoutingTemplatesHandler,
  GetRoutingTemplateHandler,
  GetInteractionSettingsHandler,
];
