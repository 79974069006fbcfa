import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { enqueuePsaDelivery } from '../../integrations/psa/index.js';
import { type SessionHandedOff, waitingStatusOf } from '../../branching/index.js';
import { handoffNote } from '../domain/handoff-note.js';

/**
 * Every handoff goes to the organization's PSA as an internal ticket note, from the outbox written in
 * the handoff's own transaction (the delivery id is the handoff's, so a replay sends nothing twice;
 * an organization without the webhook gets nothing). `reset` keeps the outbox: it is not a view.
 */
export class HandoffPsaNotesProjection implements Projection<SessionHandedOff> {
  readonly name = 'handoff_psa_notes';
  readonly mode = 'inline';
  readonly eventTypes = ['SessionHandedOff'] as const;

  async apply(events: readonly Recorded<SessionHandedOff>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const h = event.data;
      await enqueuePsaDelivery(tx, {
        tenantId: event.metadata.tenantId ?? '',
        deliveryId: h.handoffId,
        type: 'handoff',
        occurredAt: new Date(h.at),
        session: {
          id: h.sessionId,
          problem: h.snapshot.problem,
          status: waitingStatusOf(h.kind),
          stepCount: h.snapshot.stepCount,
        },
        note: { ...handoffNote(h), visibility: 'internal' },
      });
    }
  }

  async reset(): Promise<void> {}
}
