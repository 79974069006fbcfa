import { streamId } from '../../platform/event-store/stream-id.js';

export const EVENT_INTAKE_STREAM = 'event_intake';
export const AGENT_EXECUTION_STREAM = 'agent_execution';

/** One stream per external event: appending at version 0 makes intake idempotent per event id. */
export function eventIntakeStreamId(tenantId: string, eventId: string): string {
  return streamId(EVENT_INTAKE_STREAM, `${tenantId}:${eventId}`);
}

/** One stream per execution: its outcome is appended once, at version 0, whoever ran it. */
export function agentExecutionStreamId(tenantId: string, executionId: string): string {
  return streamId(AGENT_EXECUTION_STREAM, `${tenantId}:${executionId}`);
}

/** An execution is one event handled by one instance; its id follows from both. */
export function executionIdOf(eventId: string, instanceId: string): string {
  return `${eventId}:${instanceId}`;
}
