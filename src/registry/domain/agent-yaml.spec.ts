import { agentSpec } from '../../../test/registry/agent-spec.fixture.js';
import { AgentSpecInvalidError } from './agent-spec.schema.js';
import { AgentYamlMalformedError, exportAgentYaml, importAgentYaml } from './agent-yaml.js';

const document = `slug: release-watcher
version: 2.1.0-rc.1
name: Release Watcher
role: release_manager
description: Keeps an eye on deployments.
priority: HIGH
persona: |
  You watch releases.

  When one fails, you say why in one sentence.
goals:
  - Catch failed deployments within a minute
skills: []
model:
  providerPreference:
    - openai
    - offline
  temperature: 0.1
  maxTokens: 600
triggers:
  - eventType: deploy.*
    filter:
      env:
        $in:
          - prod
          - staging
  - eventType: alert.*.critical
metadata:
  owner: platform-team
  tier: 1
`;

describe('agent YAML', () => {
  it('exports an import as the very same document', () => {
    expect(exportAgentYaml(importAgentYaml(document))).toBe(document);
  });

  it('exports the same text whatever order filter and metadata keys come back in (jsonb reorders them)', () => {
    const spec = importAgentYaml(document);
    const reordered = {
      ...spec,
      metadata: { tier: 1, owner: 'platform-team' },
      triggers: [{ ...spec.triggers[0], filter: { env: spec.triggers[0].filter?.env ?? null } }, spec.triggers[1]],
    };
    expect(exportAgentYaml(reordered)).toBe(document);
  });

  it('imports an export as the same definition', () => {
    const spec = agentSpec({
      description: 'with: colons, "quotes" and # hashes',
      persona: 'line one\n  indented\nlast',
      metadata: { nested: { list: [1, null] } },
    });
    expect(importAgentYaml(exportAgentYaml(spec))).toEqual(spec);
  });

  it('reads the fields it promises', () => {
    const spec = importAgentYaml(document);
    expect(spec).toMatchObject({ slug: 'release-watcher', version: '2.1.0-rc.1', priority: 'HIGH', skills: [] });
    expect(spec.persona).toBe('You watch releases.\n\nWhen one fails, you say why in one sentence.\n');
    expect(spec.triggers[0].filter).toEqual({ env: { $in: ['prod', 'staging'] } });
  });

  it('says where malformed YAML breaks', () => {
    const broken = 'slug: a\nname: [unclosed\nrole: x\n';
    expect(() => importAgentYaml(broken)).toThrow(AgentYamlMalformedError);
    expect(() => importAgentYaml(broken)).toThrow(/line \d+, column \d+/);
  });

  it('refuses duplicate keys and aliases', () => {
    expect(() => importAgentYaml('slug: a\nslug: b\n')).toThrow(AgentYamlMalformedError);
    expect(() => importAgentYaml(document.replace('skills: []', 'skills: &s [a]\ntags: *s'))).toThrow(/alias|Excessive/i);
  });

  it('names the field that breaks the schema', () => {
    const unquotedNumber = document.replace('version: 2.1.0-rc.1', 'version: 2.1');
    expect(() => importAgentYaml(unquotedNumber)).toThrow(expect.objectContaining({ field: 'version' }));
    const badTemperature = document.replace('temperature: 0.1', 'temperature: hot');
    expect(() => importAgentYaml(badTemperature)).toThrow(AgentSpecInvalidError);
    expect(() => importAgentYaml(badTemperature)).toThrow(/model\.temperature/);
  });

  it('refuses an empty document', () => {
    expect(() => importAgentYaml('')).toThrow(expect.objectContaining({ field: '(document)' }));
  });
});
