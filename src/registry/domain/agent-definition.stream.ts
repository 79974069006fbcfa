import { streamId } from '../../platform/event-store/stream-id.js';

export const AGENT_DEFINITION_STREAM = 'agent_definition';

/** One stream per agent slug per tenant; every version of the agent lives in it. */
export function agentDefinitionStreamId(tenantId: string, slug: string): string {
  return streamId(AGENT_DEFINITION_STREAM, `${tenantId}:${slug}`);
}
