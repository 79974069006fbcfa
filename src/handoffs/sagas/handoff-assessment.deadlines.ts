import type { Sql } from '../../platform/database/sql.js';
import { scheduleDeadline } from '../../platform/deadlines/deadline.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { SessionHandedOff } from '../../branching/index.js';

export const HANDOFF_ASSESSMENT_DEADLINE = 'handoffs.assess';

export interface HandoffAssessmentPayload {
  sessionId: string;
  handoffId: string;
  /** 1-based: the try this deadline makes. */
  attempt: number;
}

/** One deadline per try: a try re-run after a crash is the same deadline, the next try a new one. */
export const handoffAssessmentDeadlineKey = (handoffId: string, attempt: number) => `handoffs:assessment:${handoffId}:${attempt}`;

/** The deadline of one try, on whatever is writing (the handoff's transaction, or the pool after a failed try). */
export async function scheduleAssessmentTry(
  sql: Sql,
  tenantId: string | null,
  payload: HandoffAssessmentPayload,
  dueAt: Date,
): Promise<void> {
  await scheduleDeadline(sql, {
    key: handoffAssessmentDeadlineKey(payload.handoffId, payload.attempt),
    type: HANDOFF_ASSESSMENT_DEADLINE,
    tenantId,
    dueAt,
    payload: { ...payload },
  });
}

/**
 * An escalation's first assessment try, due at once, written in the handoff's own transaction: the
 * assessment comes even if the process dies right after answering, and the handoff never waits for
 * the model. A park gets none. Keyed by handoff and try, so a replay schedules nothing new; `reset`
 * keeps the deadlines, which are not a view.
 */
export class HandoffAssessmentDeadlinesProjection implements Projection<SessionHandedOff> {
  readonly name = 'handoff_assessment_deadlines';
  readonly mode = 'inline';
  readonly eventTypes = ['SessionHandedOff'] as const;

  async apply(events: readonly Recorded<SessionHandedOff>[], tx: Sql): Promise<void> {
    for (const event of events) {
      if (event.data.kind !== 'escalate') continue;
      await scheduleAssessmentTry(
        tx,
        event.metadata.tenantId,
        { sessionId: event.data.sessionId, handoffId: event.data.handoffId, attempt: 1 },
        event.recordedAt,
      );
    }
  }

  async reset(): Promise<void> {
    // Fired deadlines must stay fired; re-applying the events is a no-op for them.
  }
}
