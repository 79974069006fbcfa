/**
 * The PSA integration's public surface. Other modules enqueue a delivery inside the transaction
 * that records what is delivered (an inline projection's `tx`):
 *
 *   await enqueuePsaDelivery(tx, { tenantId, deliveryId, type: 'handoff', occurredAt, session, note });
 *
 * Event types (`PsaEventType`): `handoff` (a session parked or escalated) and `resolution` (a
 * resolution output pushed). Nothing is enqueued unless the organization configured the webhook for
 * that type; the delivery id is the idempotency key (a replay enqueues nothing twice).
 */
export { PsaIntegrationModule } from './psa-integration.module.js';
export { enqueuePsaDelivery, type PsaDeliveryRequest } from './application/enqueue-psa-delivery.js';
export { psaAccepts } from './application/psa-accepts.js';
export { PSA_EVENT_TYPES, type PsaEventType, type PsaNote, type PsaNoteVisibility, type PsaEnvelope } from './domain/psa-event-types.js';
export { psaSignature } from './domain/psa-signature.js';
