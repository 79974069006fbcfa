import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { enqueueEmail } from '../../integrations/email/index.js';
import { enqueuePsaDelivery } from '../../integrations/psa/index.js';
import type { OutputPushed } from '../domain/output.events.js';
import { outputTitle, psaVisibilityOf } from '../domain/output-push.js';
import { schedulePublish } from '../sagas/output-deadlines.js';

/**
 * What a push sends, written in the push's own transaction so it goes out exactly when the push is
 * recorded: the PSA outbox (delivery id = the push's), the e-mail outbox (message id = the push's),
 * or the knowledge-base publication (a deadline: publishing is a command of the knowledge base). The
 * clipboard needs nothing. Idempotent (keyed by push id), so a rebuild sends nothing twice; `reset`
 * keeps the outboxes, which are not views.
 */
export class OutputPushTargetsProjection implements Projection<OutputPushed> {
  readonly name = 'resolution_output_pushes';
  readonly mode = 'inline';
  readonly eventTypes = ['OutputPushed'] as const;

  async apply(events: readonly Recorded<OutputPushed>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const d = event.data;
      const tenantId = event.metadata.tenantId ?? '';
      if (d.target === 'clipboard') continue;
      if (d.target === 'knowledge_base') {
        await schedulePublish(tx, tenantId, { outputId: d.outputId, sessionId: d.sessionId, version: d.version }, event.recordedAt);
        continue;
      }
      const [row] = await tx.query<{ content: string; problem: string }>(
        `SELECT content, record->>'problem' AS problem FROM resolution_outputs WHERE id = $1`,
        [d.outputId],
      );
      if (!row) continue;
      const title = outputTitle(d.type, row.problem, row.content);
      if (d.target === 'psa') {
        await enqueuePsaDelivery(tx, {
          tenantId,
          deliveryId: d.pushId,
          type: 'resolution',
          occurredAt: new Date(d.at),
          session: {
            id: d.sessionId,
            problem: row.problem,
            status: 'resolved',
            output: { id: d.outputId, type: d.type, version: d.version },
          },
          note: { title, body: row.content, visibility: psaVisibilityOf(d.type) },
        });
      } else if (d.target === 'email' && d.to) {
        // Markdown reads as plain text; the push's id is the message's (its Message-ID), so a replay sends nothing twice.
        await enqueueEmail(tx, {
          tenantId,
          messageId: d.pushId,
          to: d.to,
          subject: title,
          text: row.content,
          source: { kind: 'resolution_output', id: d.outputId },
        });
      }
    }
  }

  async reset(): Promise<void> {}
}
