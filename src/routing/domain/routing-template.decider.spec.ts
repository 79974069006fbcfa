import { deciderSpec } from '../../../test/support/decider-spec.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { CreateRoutingTemplate } from './routing-template.commands.js';
import { InvalidRoutingTemplateError, RoutingTemplateNameTakenError, routingTemplateDecider } from './routing-template.decider.js';
import type { RoutingTemplateEvent } from './routing-template.events.js';

const spec = deciderSpec(routingTemplateDecider);
const rules = [{ askerRole: 'backend_developer', questionType: 'default', level: 0, responderRole: 'tech_lead', priority: 0 }];
const create: CreateRoutingTemplate = {
  type: 'CreateRoutingTemplate',
  organizationId: 'org-1',
  templateId: 't1',
  name: 'Our team',
  description: 'how we work',
  rules,
  isPublic: false,
  isDefault: false,
  sourceSquadId: 'sq-1',
};
const createdT1: RoutingTemplateEvent = {
  type: 'RoutingTemplateCreated',
  data: {
    organizationId: 'org-1',
    templateId: 't1',
    name: 'Our team',
    description: 'how we work',
    rules,
    isPublic: false,
    sourceSquadId: 'sq-1',
  },
};
const createdT2: RoutingTemplateEvent = {
  type: 'RoutingTemplateCreated',
  data: { ...createdT1.data, templateId: 't2', name: 'Other' } as typeof createdT1.data,
};
const t1Default: RoutingTemplateEvent = {
  type: 'RoutingTemplateDefaultSet',
  data: { organizationId: 'org-1', templateId: 't1', previousTemplateId: null },
};

describe('routing template decider', () => {
  it('creates a template', () => spec.given([]).when(create).then([createdT1]));
  it('creates a default template, replacing the previous default', () =>
    spec
      .given([
        createdT2,
        { type: 'RoutingTemplateDefaultSet', data: { organizationId: 'org-1', templateId: 't2', previousTemplateId: null } },
      ])
      .when({ ...create, isDefault: true })
      .then([
        createdT1,
        { type: 'RoutingTemplateDefaultSet', data: { organizationId: 'org-1', templateId: 't1', previousTemplateId: 't2' } },
      ]));
  it('refuses a name the organization already uses, whatever its case', () =>
    spec
      .given([createdT1])
      .when({ ...create, templateId: 't3', name: ' our TEAM' })
      .thenThrows(RoutingTemplateNameTakenError));
  it('refuses a template without rules', () =>
    spec
      .given([])
      .when({ ...create, rules: [] })
      .thenThrows(InvalidRoutingTemplateError));
  it('refuses a malformed rule', () =>
    spec
      .given([])
      .when({ ...create, rules: [{ ...rules[0], responderRole: 'Tech Lead' }] })
      .thenThrows(InvalidRoutingTemplateError, 'rule 0'));
  it('changes visibility', () =>
    spec
      .given([createdT1])
      .when({ type: 'ChangeRoutingTemplate', organizationId: 'org-1', templateId: 't1', isPublic: true })
      .then([
        {
          type: 'RoutingTemplateChanged',
          data: { organizationId: 'org-1', templateId: 't1', name: 'Our team', description: 'how we work', isPublic: true },
        },
      ]));
  it('does nothing for a change to the same values', () =>
    spec
      .given([createdT1, t1Default])
      .when({ type: 'ChangeRoutingTemplate', organizationId: 'org-1', templateId: 't1', name: 'Our team', isDefault: true })
      .thenNothingHappened());
  it('clears the default', () =>
    spec
      .given([createdT1, t1Default])
      .when({ type: 'ChangeRoutingTemplate', organizationId: 'org-1', templateId: 't1', isDefault: false })
      .then([{ type: 'RoutingTemplateDefaultSet', data: { organizationId: 'org-1', templateId: null, previousTemplateId: 't1' } }]));
  it('refuses a rename to a taken name', () =>
    spec
      .given([createdT1, createdT2])
      .when({ type: 'ChangeRoutingTemplate', organizationId: 'org-1', templateId: 't2', name: 'Our Team' })
      .thenThrows(RoutingTemplateNameTakenError));
  it('refuses to change an unknown template', () =>
    spec
      .given([])
      .when({ type: 'ChangeRoutingTemplate', organizationId: 'org-1', templateId: 't1', isPublic: true })
      .thenThrows(NotFoundError));
  it('deletes a template, and with it the default', () =>
    spec
      .given([createdT1, t1Default])
      .when({ type: 'DeleteRoutingTemplate', organizationId: 'org-1', templateId: 't1' })
      .thenState((state) => expect(state).toEqual({ templates: new Map(), defaultId: null })));
  it('refuses to delete an unknown template', () =>
    spec.given([]).when({ type: 'DeleteRoutingTemplate', organizationId: 'org-1', templateId: 't1' }).thenThrows(NotFoundError));
});
