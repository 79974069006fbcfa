import { Injectable } from '@nestjs/common';
import { Database } from '../../../platform/database/database.js';
import { Clock } from '../../../platform/decider/clock.js';
import { NotFoundError } from '../../../platform/decider/decider.js';
import { scheduleDeadline } from '../../../platform/deadlines/deadline.js';
import { DeadlinePoller } from '../../../platform/deadlines/deadline-poller.js';
import { PsaDeliveryNotFailedError } from '../domain/psa.errors.js';
import type { PsaEventType } from '../domain/psa-event-types.js';
import { PSA_DELIVERY_DEADLINE, type PsaDeliveryPayload, psaDeliveryDeadlineKey } from './psa-deadline.js';

export type PsaDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface PsaAttemptView {
  attempt: number;
  at: Date;
  outcome: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface PsaDeliveryView {
  id: string;
  type: PsaEventType;
  status: PsaDeliveryStatus;
  occurredAt: Date;
  title: string;
  attempts: PsaAttemptView[];
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface DeliveryRow {
  seq: string;
  id: string;
  type: PsaEventType;
  status: PsaDeliveryStatus;
  occurred_at: Date;
  title: string;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
  attempts: { attempt: number; at: string; outcome: string; status_code: number | null; error: string | null; duration_ms: number }[];
}

/** A delivery with its tries in order; the envelope shows only its note's title (the body may be long). */
const SELECT_DELIVERIES = `
  SELECT d.seq, d.id, d.type, d.status, d.occurred_at, d.envelope->'note'->>'title' AS title, d.next_attempt_at, d.created_at, d.delivered_at,
         COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'outcome', a.outcome, 'status_code', a.status_code,
                                                     'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.attempt)
                     FROM psa_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
    FROM psa_deliveries d`;

/** The delivery log an admin reads, and the hand retry of a failed delivery. */
@Injectable()
export class PsaDeliveriesService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly poller: DeadlinePoller,
  ) {}

  /** Oldest first, after the keyset position `after`; `limit + 1` rows (see pageOf). */
  async list(
    tenantId: string,
    filter: { status?: PsaDeliveryStatus; after: number; limit: number },
  ): Promise<{ key: number; view: PsaDeliveryView }[]> {
    const rows = await this.db.query<DeliveryRow>(
      `${SELECT_DELIVERIES}
        WHERE d.tenant_id = $1 AND d.seq > $2 AND ($3::text IS NULL OR d.status = $3)
        ORDER BY d.seq LIMIT $4`,
      [tenantId, filter.after, filter.status ?? null, filter.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.seq), view: toView(row) }));
  }

  async get(tenantId: string, deliveryId: string): Promise<PsaDeliveryView> {
    const rows = await this.db.query<DeliveryRow>(`${SELECT_DELIVERIES} WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, deliveryId]);
    if (!rows[0]) throw new NotFoundError('PSA delivery', deliveryId);
    return toView(rows[0]);
  }

  /** A failed delivery back to pending with a fresh set of tries, the first due now. */
  async retry(tenantId: string, deliveryId: string): Promise<PsaDeliveryView> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: PsaDeliveryStatus; attempts: number }>(
        `SELECT status, attempts FROM psa_deliveries WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, deliveryId],
      );
      if (!row) throw new NotFoundError('PSA delivery', deliveryId);
      if (row.status !== 'failed') throw new PsaDeliveryNotFailedError(deliveryId, row.status);
      await tx.query(`UPDATE psa_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = $2 WHERE id = $1`, [
        deliveryId,
        now,
      ]);
      const payload: PsaDeliveryPayload = { deliveryId, attempt: row.attempts + 1 };
      await scheduleDeadline(tx, {
        key: psaDeliveryDeadlineKey(deliveryId, payload.attempt),
        type: PSA_DELIVERY_DEADLINE,
        tenantId,
        dueAt: now,
        payload: { ...payload },
      });
    });
    this.poller.pollSoon();
    return this.get(tenantId, deliveryId);
  }
}

function toView(row: DeliveryRow): PsaDeliveryView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    occurredAt: row.occurred_at,
    title: row.title,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    attempts: row.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: new Date(attempt.at),
      outcome: attempt.outcome,
      statusCode: attempt.status_code,
      error: attempt.error,
      durationMs: attempt.duration_ms,
    })),
  };
}
