import type { Sql } from '../../platform/database/sql.js';
import { scheduleDeadline } from '../../platform/deadlines/deadline.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { HandoffClaimed } from '../../branching/index.js';

export const HANDOFF_BRIEFING_DEADLINE = 'handoffs.brief';

export interface HandoffBriefingPayload {
  sessionId: string;
  handoffId: string;
  /** The claim the briefing is for: a release and a later claim get their own. */
  claimedAt: string;
  /** 1-based: the try this deadline makes. */
  attempt: number;
}

/** One deadline per claim and try: a try re-run after a crash is the same deadline, the next try a new one. */
export const handoffBriefingDeadlineKey = (handoffId: string, claimedAt: string, attempt: number) =>
  `handoffs:briefing:${handoffId}:${claimedAt}:${attempt}`;

export async function scheduleBriefingTry(sql: Sql, tenantId: string | null, payload: HandoffBriefingPayload, dueAt: Date): Promise<void> {
  await scheduleDeadline(sql, {
    key: handoffBriefingDeadlineKey(payload.handoffId, payload.claimedAt, payload.attempt),
    type: HANDOFF_BRIEFING_DEADLINE,
    tenantId,
    dueAt,
    payload: { ...payload },
  });
}

/**
 * A claim's first briefing try, due at once, written in the claim's own transaction (one INSERT: the
 * claim never calls a model and never waits for one). Keyed by claim and try, so a replay schedules
 * nothing new; `reset` keeps the deadlines, which are not a view.
 */
export class HandoffBriefingDeadlinesProjection implements Projection<HandoffClaimed> {
  readonly name = 'handoff_briefing_deadlines';
  readonly mode = 'inline';
  readonly eventTypes = ['HandoffClaimed'] as const;

  async apply(events: readonly Recorded<HandoffClaimed>[], tx: Sql): Promise<void> {
    for (const event of events) {
      await scheduleBriefingTry(
        tx,
        event.metadata.tenantId,
        { sessionId: event.data.sessionId, handoffId: event.data.handoffId, claimedAt: event.data.at, attempt: 1 },
        event.recordedAt,
      );
    }
  }

  async reset(): Promise<void> {
    // Fired deadlines must stay fired; re-applying the events is a no-op for them.
  }
}
