import type { Sql } from '../../../platform/database/sql.js';
import { scheduleDeadline } from '../../../platform/deadlines/deadline.js';
import type { PsaEnvelope, PsaEventType, PsaNote } from '../domain/psa-event-types.js';
import { PSA_DELIVERY_DEADLINE, type PsaDeliveryPayload, psaDeliveryDeadlineKey } from './psa-deadline.js';

export interface PsaDeliveryRequest {
  tenantId: string;
  /** Stable for what is delivered (e.g. the handoff's id): the receiver's idempotency key, and ours. */
  deliveryId: string;
  type: PsaEventType;
  occurredAt: Date;
  /** A summary of the session, sent as is (keep it small: no transcripts). */
  session: Record<string, unknown>;
  note: PsaNote;
}

/**
 * Puts a delivery in the outbox inside the caller's transaction (an inline projection's `tx`):
 * a pending row and the deadline of its first try, due when it occurred. Does nothing when the
 * organization has no integration for `type`, when the delivery exists already (a replay), or when
 * it occurred before the integration was first configured (a projection rebuild must not push old
 * history). Resolves whether a delivery was enqueued.
 */
export async function enqueuePsaDelivery(tx: Sql, request: PsaDeliveryRequest): Promise<boolean> {
  const [integration] = await tx.query<{ events: string[]; configured_at: Date }>(
    `SELECT events, configured_at FROM psa_integrations WHERE tenant_id = $1`,
    [request.tenantId],
  );
  if (!integration || !integration.events.includes(request.type)) return false;
  if (request.occurredAt.getTime() < integration.configured_at.getTime()) return false;
  const envelope: PsaEnvelope = {
    id: request.deliveryId,
    type: request.type,
    occurredAt: request.occurredAt.toISOString(),
    organizationId: request.tenantId,
    session: request.session,
    note: request.note,
  };
  const inserted = await tx.query(
    `INSERT INTO psa_deliveries (id, tenant_id, type, occurred_at, envelope, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $4, now())
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [request.deliveryId, request.tenantId, request.type, request.occurredAt, JSON.stringify(envelope)],
  );
  if (inserted.length === 0) return false;
  const payload: PsaDeliveryPayload = { deliveryId: request.deliveryId, attempt: 1 };
  await scheduleDeadline(tx, {
    key: psaDeliveryDeadlineKey(request.deliveryId, 1),
    type: PSA_DELIVERY_DEADLINE,
    tenantId: request.tenantId,
    dueAt: request.occurredAt,
    payload: { ...payload },
  });
  return true;
}
