import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { AppConfig } from '../../../platform/config/app-config.js';
import { Database } from '../../../platform/database/database.js';
import { Clock } from '../../../platform/decider/clock.js';
import type { DueDeadline } from '../../../platform/deadlines/deadline.js';
import { recordOutboxTry } from '../../../platform/deadlines/outbox-try.js';
import { DeadlineRegistry } from '../../../platform/deadlines/deadline-registry.js';
import { PSA_DELIVERY_DEADLINE, type PsaDeliveryPayload, psaDeliveryDeadlineKey } from '../application/psa-deadline.js';
import { postWebhook } from '../application/psa-transport.js';
import { type PsaAttemptResult, decideAfterAttempt } from '../domain/psa-delivery.decider.js';
import type { PsaEnvelope } from '../domain/psa-event-types.js';
import { psaSignature } from '../domain/psa-signature.js';

interface DeliveryToSend {
  tenant_id: string;
  status: string;
  attempts: number;
  round_attempts: number;
  envelope: PsaEnvelope;
  url: string | null;
  secret: string | null;
}

/**
 * One try of one delivery. The try is recorded and the next one scheduled (a new deadline, due at
 * the backoff) in one transaction after the POST, and the firing then returns normally: the
 * poller's own retries are left for database errors. A process killed mid-POST leaves the deadline
 * running; its lease expires and the same try is made again with the same delivery id (at least
 * once; the receiver dedupes on the id). A firing for a try already recorded changes nothing.
 */
@Injectable()
export class PsaDeliveryDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(PsaDeliveryDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<PsaDeliveryPayload>(PSA_DELIVERY_DEADLINE, (deadline) => this.deliver(deadline));
  }

  async deliver(deadline: DueDeadline<PsaDeliveryPayload>): Promise<void> {
    const { deliveryId, attempt } = deadline.payload;
    const [delivery] = await this.db.query<DeliveryToSend>(
      `SELECT d.tenant_id, d.status, d.attempts, d.round_attempts, d.envelope, i.url, i.secret
         FROM psa_deliveries d LEFT JOIN psa_integrations i ON i.tenant_id = d.tenant_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return;
    const started = Date.now();
    const result = await this.send(delivery);
    await this.record(deliveryId, attempt, result, Date.now() - started);
  }

  private async send(delivery: DeliveryToSend): Promise<PsaAttemptResult> {
    if (delivery.url === null || delivery.secret === null) return { kind: 'unconfigured', error: 'the PSA integration was removed' };
    const body = JSON.stringify(delivery.envelope);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    return postWebhook({
      url: delivery.url,
      body,
      timeoutMs: this.config.psa.timeoutMs,
      allowPrivate: this.config.psa.allowPrivateUrls,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'AgentSquad-Webhook/1',
        'x-agentsquad-delivery': delivery.envelope.id,
        'x-agentsquad-event': delivery.envelope.type,
        'x-agentsquad-timestamp': String(timestamp),
        'x-agentsquad-signature': psaSignature(delivery.secret, timestamp, body),
      },
    });
  }

  private async record(deliveryId: string, attempt: number, result: PsaAttemptResult, durationMs: number): Promise<void> {
    const now = this.clock.now();
    const outcome = await this.db.transaction((tx) =>
      recordOutboxTry(tx, {
        table: 'psa_deliveries',
        id: deliveryId,
        attempt,
        decide: (roundAttempt) => decideAfterAttempt(result, roundAttempt, this.config.psa, now),
        write: async (tx, outcome, roundAttempt) => {
          await tx.query(
            `INSERT INTO psa_delivery_attempts (delivery_id, attempt, at, outcome, status_code, error, duration_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [
              deliveryId,
              attempt,
              now,
              outcome.status === 'failed' ? `failed-${outcome.reason}` : outcome.status === 'pending' ? 'retry' : 'delivered',
              result.kind === 'response' ? result.statusCode : null,
              result.kind === 'response' ? null : result.error.slice(0, 500),
              durationMs,
            ],
          );
          await tx.query(
            `UPDATE psa_deliveries SET status = $2, attempts = $3, round_attempts = $4, next_attempt_at = $5,
                    delivered_at = CASE WHEN $2 = 'delivered' THEN $6::timestamptz ELSE delivered_at END
              WHERE id = $1`,
            [deliveryId, outcome.status, attempt, roundAttempt, outcome.status === 'pending' ? outcome.nextAttemptAt : null, now],
          );
        },
        nextTry: (tenantId, dueAt) => {
          const payload: PsaDeliveryPayload = { deliveryId, attempt: attempt + 1 };
          return {
            key: psaDeliveryDeadlineKey(deliveryId, attempt + 1),
            type: PSA_DELIVERY_DEADLINE,
            tenantId,
            dueAt,
            payload: { ...payload },
          };
        },
      }),
    );
    if (outcome?.status === 'failed') this.logger.warn(`PSA delivery ${deliveryId} failed after try ${attempt} (${outcome.reason})`);
  }
}
