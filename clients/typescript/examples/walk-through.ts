/**
 * The README's walk-through with the typed client: the demo squad, short timeouts, the routing
 * chain for a backend developer, a question, and its timeline (test/docs/typescript-client.e2e-spec.ts
 * runs it against the booted app).
 */
import { createAgentSquadClient } from '../index.js';

export async function walkThrough(baseUrl: string, apiKey: string) {
  const api = createAgentSquadClient({ baseUrl, apiKey });

  const squads = await api.GET('/api/v1/squads');
  if (!squads.data) throw new Error(`listing squads failed: ${JSON.stringify(squads.error)}`);
  const squadId = squads.data.items[0].id;

  const members = await api.GET('/api/v1/squads/{squadId}/members', { params: { path: { squadId } } });
  const developer = members.data?.items.find((member) => member.role === 'backend_developer');
  if (!developer) throw new Error('the demo squad has no backend developer');

  // Short timeouts, to see escalation within seconds (defaults: 5 min, then 2 min).
  await api.PATCH('/api/v1/squads/{squadId}/routing/settings', {
    params: { path: { squadId } },
    body: { firstTimeoutSeconds: 10, followUpTimeoutSeconds: 10 },
  });

  const chain = await api.GET('/api/v1/squads/{squadId}/routing/chain', {
    params: { path: { squadId }, query: { askerRole: 'backend_developer', questionType: 'default' } },
  });

  const asked = await api.POST('/api/v1/squads/{squadId}/conversations', {
    params: { path: { squadId } },
    body: { askerMemberId: developer.id, text: 'Why does the deploy pipeline time out?' },
  });
  if (!asked.data) throw new Error(`asking failed: ${JSON.stringify(asked.error)}`);

  const timeline = await api.GET('/api/v1/conversations/{conversationId}/timeline', {
    params: { path: { conversationId: asked.data.id } },
  });
  return { squadId, chain: chain.data, conversation: asked.data, timeline: timeline.data };
}
