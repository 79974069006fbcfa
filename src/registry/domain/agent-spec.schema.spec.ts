import { agentSpec } from '../../../test/registry/agent-spec.fixture.js';
import { AgentSpecInvalidError, parseAgentSpec } from './agent-spec.schema.js';

function problemsOf(input: unknown): { field: string; message: string }[] {
  try {
    parseAgentSpec(input);
  } catch (error) {
    if (error instanceof AgentSpecInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the definition to be refused');
}

describe('agent spec schema', () => {
  it('accepts a valid definition and defaults metadata to {}', () => {
    const { metadata: _metadata, ...withoutMetadata } = agentSpec();
    expect(parseAgentSpec(withoutMetadata)).toEqual(agentSpec());
  });

  it('keeps a description, filters and metadata', () => {
    const spec = agentSpec({
      description: 'Watches builds',
      triggers: [{ eventType: 'build.*', filter: { env: { $in: ['prod'] } } }],
      metadata: { team: 'qa' },
    });
    expect(parseAgentSpec(spec)).toEqual(spec);
  });

  it.each([
    ['slug', { slug: 'QA Manager' }, 'slug'],
    ['version', { version: '1.0' }, 'version'],
    ['role', { role: 'QA Manager' }, 'role'],
    ['empty persona', { persona: '  ' }, 'persona'],
    ['no goals', { goals: [] }, 'goals'],
    ['a blank goal', { goals: ['ship', ''] }, 'goals[1]'],
    ['duplicate skills', { skills: ['a', 'a'] }, 'skills'],
    ['temperature', { model: { providerPreference: [], temperature: 3, maxTokens: 10 } }, 'model.temperature'],
    ['max tokens', { model: { providerPreference: [], temperature: 1, maxTokens: 0.5 } }, 'model.maxTokens'],
    ['priority', { priority: 'URGENT' }, 'priority'],
    ['trigger type', { triggers: [{ eventType: 'deploy' }, { eventType: 'de ploy' }] }, 'triggers[1].eventType'],
    ['trigger filter operator', { triggers: [{ eventType: 'a', filter: { env: { $like: 'p' } } }] }, 'triggers[0].filter.env.$like'],
    ['metadata', { metadata: ['x'] }, 'metadata'],
  ])('names the field when %s is wrong', (_case, change, field) => {
    expect(problemsOf({ ...agentSpec(), ...change })[0].field).toBe(field);
  });

  it('refuses unknown fields, at any level', () => {
    const spec = { ...agentSpec(), colour: 'blue', model: { ...agentSpec().model, topP: 1 }, triggers: [{ eventType: 'a', when: 'now' }] };
    expect(problemsOf(spec).map((p) => p.field)).toEqual(['colour', 'model.topP', 'triggers[0].when']);
  });

  it('reports every missing required field', () => {
    expect(problemsOf({}).map((p) => p.field)).toEqual([
      'slug',
      'version',
      'name',
      'role',
      'persona',
      'goals',
      'skills',
      'model',
      'triggers',
      'priority',
    ]);
  });

  it('refuses something that is not an object', () => {
    expect(problemsOf('qa-manager')).toEqual([{ field: '(document)', message: 'must be an object' }]);
  });

  it('puts the field in the error', () => {
    expect(() => parseAgentSpec({ ...agentSpec(), version: 'x' })).toThrow(
      expect.objectContaining({ field: 'version', code: 'agent_spec_invalid' }),
    );
  });
});
