import type { Sql } from '../../platform/database/sql.js';
import { scheduleDeadline } from '../../platform/deadlines/deadline.js';

export const OUTPUT_DRAFT_DEADLINE = 'resolutions.draft';
export const OUTPUT_PUBLISH_DEADLINE = 'resolutions.publish';

export interface OutputDraftPayload {
  outputId: string;
  sessionId: string;
  requestId: string;
  /** 1-based: the try this deadline makes. */
  attempt: number;
}

export interface OutputPublishPayload {
  outputId: string;
  sessionId: string;
  version: number;
}

/** One deadline per try of one request: a try re-run after a crash is the same deadline, the next try a new one. */
export async function scheduleDraftTry(sql: Sql, tenantId: string | null, payload: OutputDraftPayload, dueAt: Date): Promise<void> {
  await scheduleDeadline(sql, {
    key: `resolutions:draft:${payload.outputId}:${payload.requestId}:${payload.attempt}`,
    type: OUTPUT_DRAFT_DEADLINE,
    tenantId,
    dueAt,
    payload: { ...payload },
  });
}

/** Publishing an approved article to the knowledge base, once per approved version. */
export async function schedulePublish(sql: Sql, tenantId: string | null, payload: OutputPublishPayload, dueAt: Date): Promise<void> {
  await scheduleDeadline(sql, {
    key: `resolutions:publish:${payload.outputId}:${payload.version}`,
    type: OUTPUT_PUBLISH_DEADLINE,
    tenantId,
    dueAt,
    payload: { ...payload },
  });
}
