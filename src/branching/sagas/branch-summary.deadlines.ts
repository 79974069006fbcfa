import type { Sql } from '../../platform/database/sql.js';
import { scheduleDeadline } from '../../platform/deadlines/deadline.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { BranchReplyGiven } from '../domain/branch-messages.events.js';

export const BRANCH_SUMMARY_DEADLINE = 'branching.summarize';

export interface BranchSummaryPayload {
  sessionId: string;
  branchId: string;
  /** The position of the reply the summary must include. */
  throughPosition: number;
}

/**
 * After each exchange, a summary step due at once, written in the reply's transaction: the update
 * happens even if the process dies right after answering, and never delays the answer. Keyed by the
 * reply, so a replay schedules nothing new; `reset` keeps the deadlines, which are not a view.
 */
export class BranchSummaryDeadlinesProjection implements Projection<BranchReplyGiven> {
  readonly name = 'branching_summary_deadlines';
  readonly mode = 'inline';
  readonly eventTypes = ['BranchReplyGiven'] as const;

  async apply(events: readonly Recorded<BranchReplyGiven>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const payload: BranchSummaryPayload = {
        sessionId: event.data.sessionId,
        branchId: event.data.branchId,
        throughPosition: event.position,
      };
      await scheduleDeadline(tx, {
        key: `branching:summary:${event.data.branchId}:${event.data.messageId}`,
        type: BRANCH_SUMMARY_DEADLINE,
        tenantId: event.metadata.tenantId,
        dueAt: event.recordedAt,
        payload: { ...payload },
      });
    }
  }

  async reset(): Promise<void> {
    // Fired deadlines must stay fired; re-applying the events is a no-op for them.
  }
}
