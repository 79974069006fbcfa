import type { AgentSpec } from '../../src/registry/domain/agent-spec.js';

/** A valid definition to vary in specs: `agentSpec({ version: '2.0.0' })`. */
export function agentSpec(overrides: Partial<AgentSpec> = {}): AgentSpec {
  return {
    slug: 'qa-manager',
    version: '1.0.0',
    name: 'QA Manager',
    role: 'qa_manager',
    persona: 'You are a meticulous QA manager.',
    goals: ['Keep the build green'],
    skills: ['triage'],
    model: { providerPreference: ['offline'], temperature: 0.2, maxTokens: 800 },
    triggers: [{ eventType: 'build.*' }],
    priority: 'HIGH',
    metadata: {},
    ...overrides,
  };
}
