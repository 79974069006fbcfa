/** A valid definition body for `POST /api/v1/agents`. */
export function agentBody(slug: string, version = '1.0.0', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    version,
    name: 'Release Watcher',
    role: 'release_manager',
    persona: 'You watch releases.',
    goals: ['Catch failed deployments'],
    skills: ['incident-triage'],
    model: { providerPreference: [], temperature: 0.1, maxTokens: 400 },
    triggers: [{ eventType: 'deploy.*' }],
    priority: 'HIGH',
    metadata: {},
    ...overrides,
  };
}
