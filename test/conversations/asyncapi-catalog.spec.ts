import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { conversationEventTypes } from '../../src/conversations/index.js';

describe('realtime event catalog', () => {
  it('documents every conversation event type', () => {
    const catalog = Object.keys(parse(readFileSync('docs/asyncapi.yaml', 'utf8')).components.schemas.EventCatalog.properties);
    expect(catalog).toEqual(expect.arrayContaining([...conversationEventTypes]));
  });
});
