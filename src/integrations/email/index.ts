/**
 * The e-mail outbox's public surface. Other modules enqueue a message inside the transaction that
 * records why it is sent (an inline projection's `tx`); the message id is the idempotency key:
 *
 *   await enqueueEmail(tx, { tenantId, messageId: push.id, to, subject, text, source: { kind: 'resolution-push', id } });
 *
 * Validate addresses in the DTO with `validEmailAddress` and at most MAX_EMAIL_RECIPIENTS; enqueueEmail
 * checks again and throws EmailRefusedError (422).
 */
export { EmailModule } from './email.module.js';
export { enqueueEmail, type EmailRequest } from './application/enqueue-email.js';
export { MAX_EMAIL_RECIPIENTS, validEmailAddress } from './domain/email-address.js';
export { EmailRefusedError } from './domain/email.errors.js';
