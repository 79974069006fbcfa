import type { Sql } from '../../platform/database/sql.js';
import { cancelDeadline, scheduleDeadline } from '../../platform/deadlines/deadline.js';
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
    for (const event of events) {
      for (const step of escalationPlan(event)) {
        if (step.action === 'cancel') await cancelDeadline(tx, step.key);
        else
          await scheduleDeadline(tx, {
            key: step.key,
            type: step.type,
            tenantId: event.metadata.tenantId,
            dueAt: new Date(step.dueAt),
            payload: { ...step.payload },
          });
      }
    }
  }

  async reset(): Promise<void> {
    // Deadlines already fired or cancelled must stay so; re-applying the events is a no-op for them.
  }
}
