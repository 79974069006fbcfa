import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { apiKeyEventTypes, organizationEventTypes, squadEventTypes } from '../../src/organizations/index.js';

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

  it('catalogs every event type of the organizations module', () => {
    const catalog = Object.keys(parse(source).components.schemas.EventCatalog.properties);
    expect(catalog).toEqual(expect.arrayContaining([...organizationEventTypes, ...squadEventTypes, ...apiKeyEventTypes]));
  });
});
