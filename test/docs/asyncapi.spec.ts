import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { branchMessageEventTypes, sessionEventTypes } from '../../src/branching/index.js';
import { budgetEventTypes } from '../../src/budgets/index.js';
import { conversationEventTypes } from '../../src/conversations/index.js';
import { DISCUSSION_EVENT_TYPES } from '../../src/discussions/index.js';
import { ARTICLE_EVENT_TYPES } from '../../src/knowledge-base/index.js';
import { LEARNING_EVENT_TYPES } from '../../src/learning/index.js';
import { apiKeyEventTypes, organizationEventTypes, squadEventTypes } from '../../src/organizations/index.js';
import {
  AGENT_DEFINITION_EVENT_TYPES,
  AGENT_EXECUTION_EVENT_TYPES,
  AGENT_INSTANCE_EVENT_TYPES,
  EVENT_INTAKE_EVENT_TYPES,
  RESOURCE_LOCK_EVENT_TYPES,
} from '../../src/registry/index.js';
import { pipelineEventTypes } from '../../src/pipelines/index.js';
import { outputEventTypes } from '../../src/resolutions/index.js';
import { RETENTION_EVENT_TYPES } from '../../src/retention/index.js';
import { interactionSettingsEventTypes, routingEventTypes, routingTemplateEventTypes } from '../../src/routing/index.js';

/** Every stored event type, from each module's event type union (each list `satisfies` its union). */
const eventTypesInCode = [
  ...organizationEventTypes,
  ...squadEventTypes,
  ...apiKeyEventTypes,
  ...routingEventTypes,
  ...routingTemplateEventTypes,
  ...interactionSettingsEventTypes,
  ...conversationEventTypes,
  ...sessionEventTypes,
  ...branchMessageEventTypes,
  ...AGENT_DEFINITION_EVENT_TYPES,
  ...AGENT_INSTANCE_EVENT_TYPES,
  ...AGENT_EXECUTION_EVENT_TYPES,
  ...EVENT_INTAKE_EVENT_TYPES,
  ...RESOURCE_LOCK_EVENT_TYPES,
  ...budgetEventTypes,
  ...DISCUSSION_EVENT_TYPES,
  ...outputEventTypes,
  ...pipelineEventTypes,
  ...ARTICLE_EVENT_TYPES,
  ...LEARNING_EVENT_TYPES,
  ...RETENTION_EVENT_TYPES,
];

describe('AsyncAPI document of the realtime channel', () => {
  let source: string;
  beforeAll(async () => {
    source = await readFile('docs/asyncapi.yaml', 'utf8');
  });

  it('is a valid AsyncAPI 3.0 document with no errors', async () => {
    const diagnostics = await new Parser().validate(source);
    const errors = diagnostics
      .filter((diagnostic) => diagnostic.severity === 0)
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    expect(errors).toEqual([]);
    expect(parse(source).asyncapi).toBe('3.0.0');
  });

  it('catalogs every event type of every module, and nothing else', () => {
    const catalog = Object.keys(parse(source).components.schemas.EventCatalog.properties).sort();
    expect(catalog).toEqual([...new Set(eventTypesInCode)].sort());
  });
});
