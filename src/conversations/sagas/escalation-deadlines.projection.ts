import type { Sql } from '../../platform/database/sql.js';
import { type DeadlineWrite, writeDeadlines } from '../../platform/deadlines/deadline-writes.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { type ConversationEvent, conversationEventTypes } from '../domain/conversation.events.js';
import { escalationPlan } from './escalation.saga.js';

/**
 * Writes the escalation saga's deadlines in the append's transaction: a timeout exists exactly when
 * the event that started it does. Idempotent (deadline keys are unique; cancelling only touches
 * pending ones), so a rebuild replays it safely; `reset` keeps the deadlines, which are not a view.
 */
export class EscalationDeadlinesProjection implements Projection<ConversationEvent> {
  readonly name = 'conversation_deadlines';
  readonly mode = 'inline';
  readonly eventTypes = conversationEventTypes;

  async apply(events: readonly Recorded<ConversationEvent>[], tx: Sql): Promise<void> {
    // One insert and one cancel for the whole batch: a batch of firings writes a few deadlines each.
    const writes = events.flatMap((event) =>
      escalationPlan(event).map((step): DeadlineWrite =>
        step.action === 'cancel'
          ? step
          : {
              action: 'schedule',
              deadline: {
                key: step.key,
                type: step.type,
                tenantId: event.metadata.tenantId,
                dueAt: new Date(step.dueAt),
                payload: { ...step.payload },
              },
            },
      ),
    );
    await writeDeadlines(tx, writes);
  }

  async reset(): Promise<void> {
    // Deadlines already fired or cancelled must stay so; re-applying the events is a no-op for them.
  }
}
