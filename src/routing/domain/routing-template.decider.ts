import { type Decider, DomainError, NotFoundError } from '../../platform/decider/decider.js';
import type { ChangeRoutingTemplate, CreateRoutingTemplate, RoutingTemplateCommand } from './routing-template.commands.js';
import type { RoutingTemplateEvent } from './routing-template.events.js';
import { type TemplateRule, templateRuleProblem } from './template-rule.js';

interface OwnTemplate {
  name: string;
  description: string;
  isPublic: boolean;
  rules: TemplateRule[];
}

/** An organization's templates; at most one of them is the default. */
export interface RoutingTemplatesState {
  templates: ReadonlyMap<string, OwnTemplate>;
  defaultId: string | null;
}

export const MAX_TEMPLATE_RULES = 500;

export class InvalidRoutingTemplateError extends DomainError {
  constructor(message: string) {
    super('invalid_routing_template', message);
  }
}

export class RoutingTemplateNameTakenError extends DomainError {
  constructor(name: string) {
    super('routing_template_name_taken', `the organization already has a routing template named "${name}"`);
  }
}

function checkName(state: RoutingTemplatesState, name: string, exceptId?: string): void {
  if (name.trim().length === 0 || name.length > 120) throw new InvalidRoutingTemplateError('a template name has 1 to 120 characters');
  const lower = name.trim().toLowerCase();
  for (const [id, template] of state.templates) {
    if (id !== exceptId && template.name.trim().toLowerCase() === lower) throw new RoutingTemplateNameTakenError(name);
  }
}

function create(command: CreateRoutingTemplate, state: RoutingTemplatesState): RoutingTemplateEvent[] {
  if (state.templates.has(command.templateId)) throw new InvalidRoutingTemplateError(`template ${command.templateId} already exists`);
  checkName(state, command.name);
  if (command.rules.length === 0) throw new InvalidRoutingTemplateError('a template needs at least one rule');
  if (command.rules.length > MAX_TEMPLATE_RULES)
    throw new InvalidRoutingTemplateError(`a template holds at most ${MAX_TEMPLATE_RULES} rules`);
  command.rules.forEach((rule, index) => {
    const problem = templateRuleProblem(rule);
    if (problem) throw new InvalidRoutingTemplateError(`rule ${index}: ${problem}`);
  });
  const { organizationId, templateId, name, description, rules, isPublic, sourceSquadId } = command;
  const events: RoutingTemplateEvent[] = [
    {
      type: 'RoutingTemplateCreated',
      data: { organizationId, templateId, name: name.trim(), description, rules, isPublic, sourceSquadId },
    },
  ];
  if (command.isDefault)
    events.push({ type: 'RoutingTemplateDefaultSet', data: { organizationId, templateId, previousTemplateId: state.defaultId } });
  return events;
}

function change(command: ChangeRoutingTemplate, state: RoutingTemplatesState): RoutingTemplateEvent[] {
  const current = state.templates.get(command.templateId);
  if (!current) throw new NotFoundError('routing template', command.templateId);
  const { organizationId, templateId } = command;
  const next = {
    name: command.name?.trim() ?? current.name,
    description: command.description ?? current.description,
    isPublic: command.isPublic ?? current.isPublic,
  };
  const events: RoutingTemplateEvent[] = [];
  if (next.name !== current.name || next.description !== current.description || next.isPublic !== current.isPublic) {
    if (next.name !== current.name) checkName(state, next.name, templateId);
    events.push({ type: 'RoutingTemplateChanged', data: { organizationId, templateId, ...next } });
  }
  const isDefault = state.defaultId === templateId;
  if (command.isDefault === true && !isDefault)
    events.push({ type: 'RoutingTemplateDefaultSet', data: { organizationId, templateId, previousTemplateId: state.defaultId } });
  if (command.isDefault === false && isDefault)
    events.push({ type: 'RoutingTemplateDefaultSet', data: { organizationId, templateId: null, previousTemplateId: templateId } });
  return events;
}

export const routingTemplateDecider: Decider<RoutingTemplatesState, RoutingTemplateCommand, RoutingTemplateEvent> = {
  initialState: () => ({ templates: new Map(), defaultId: null }),
  evolve(state, event) {
    switch (event.type) {
      case 'RoutingTemplateCreated': {
        const { templateId, name, description, isPublic, rules } = event.data;
        return { ...state, templates: new Map(state.templates).set(templateId, { name, description, isPublic, rules }) };
      }
      case 'RoutingTemplateChanged': {
        const current = state.templates.get(event.data.templateId);
        if (!current) return state;
        const { name, description, isPublic } = event.data;
        return { ...state, templates: new Map(state.templates).set(event.data.templateId, { ...current, name, description, isPublic }) };
      }
      case 'RoutingTemplateDefaultSet':
        return { ...state, defaultId: event.data.templateId };
      case 'RoutingTemplateDeleted': {
        const templates = new Map(state.templates);
        templates.delete(event.data.templateId);
        return { templates, defaultId: state.defaultId === event.data.templateId ? null : state.defaultId };
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateRoutingTemplate':
        return create(command, state);
      case 'ChangeRoutingTemplate':
        return change(command, state);
      case 'DeleteRoutingTemplate':
        if (!state.templates.has(command.templateId)) throw new NotFoundError('routing template', command.templateId);
        return [{ type: 'RoutingTemplateDeleted', data: { organizationId: command.organizationId, templateId: command.templateId } }];
    }
  },
};
