import { streamId } from '../../platform/event-store/stream-id.js';

export const AGENT_INSTANCE_STREAM = 'agent_instance';

export function agentInstanceStreamId(tenantId: string, instanceId: string): string {
  return streamId(AGENT_INSTANCE_STREAM, `${tenantId}:${instanceId}`);
}
