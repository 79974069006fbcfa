import type { Sql } from '../../../platform/database/sql.js';
import { scheduleDeadline } from '../../../platform/deadlines/deadline.js';
import { MAX_EMAIL_RECIPIENTS, validEmailAddress } from '../domain/email-address.js';
import { EMAIL_MESSAGE_ID_PATTERN } from '../domain/email-send.decider.js';
import { EmailRefusedError } from '../domain/email.errors.js';
import { EMAIL_SEND_DEADLINE, type EmailSendPayload, emailSendDeadlineKey } from './email-deadline.js';

export interface EmailRequest {
  tenantId: string;
  /** Stable for what is sent (e.g. the push's id): our idempotency key and the Message-ID header's left part. */
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** What the message is about, shown in the outbox (e.g. {kind: 'resolution-push', id}). */
  source?: { kind: string; id: string };
}

const MAX_SUBJECT = 998;
const MAX_BODY = 1_000_000;

/**
 * Puts a message in the outbox inside the caller's transaction (an inline projection's `tx`): a
 * pending row and the deadline of its first try, due at once. The try decides whether it is sent
 * (SMTP_URL set) or kept as `stored`. A message id enqueued before (a replay) adds nothing.
 * Addresses are the caller's to validate (with `validEmailAddress`); a bad one here throws
 * EmailRefusedError (422) so nothing half-checked reaches the transport. Resolves whether it was new.
 */
export async function enqueueEmail(tx: Sql, request: EmailRequest): Promise<boolean> {
  if (!EMAIL_MESSAGE_ID_PATTERN.test(request.messageId)) throw new EmailRefusedError('the message id is not an id');
  if (request.to.length === 0 || request.to.length > MAX_EMAIL_RECIPIENTS)
    throw new EmailRefusedError(`a message has 1 to ${MAX_EMAIL_RECIPIENTS} recipients`);
  const invalid = request.to.find((address) => !validEmailAddress(address));
  if (invalid !== undefined) throw new EmailRefusedError(`"${invalid.slice(0, 100)}" is not an e-mail address`);
  if (request.subject.length === 0 || request.subject.length > MAX_SUBJECT || /[\r\n]/.test(request.subject))
    throw new EmailRefusedError(`the subject is one line of 1 to ${MAX_SUBJECT} characters`);
  if (request.text.length > MAX_BODY || (request.html?.length ?? 0) > MAX_BODY) throw new EmailRefusedError('the body is too long');
  const inserted = await tx.query<{ created_at: Date }>(
    `INSERT INTO email_outbox (id, tenant_id, recipients, subject, text_body, html_body, source_kind, source_id, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', now(), now())
     ON CONFLICT (id) DO NOTHING RETURNING created_at`,
    [
      request.messageId,
      request.tenantId,
      request.to,
      request.subject,
      request.text,
      request.html ?? null,
      request.source?.kind ?? null,
      request.source?.id ?? null,
    ],
  );
  if (inserted.length === 0) return false;
  const payload: EmailSendPayload = { messageId: request.messageId, attempt: 1 };
  await scheduleDeadline(tx, {
    key: emailSendDeadlineKey(request.messageId, 1),
    type: EMAIL_SEND_DEADLINE,
    tenantId: request.tenantId,
    dueAt: inserted[0].created_at, // the database's now(): due at once, whichever clock the app has
    payload: { ...payload },
  });
  return true;
}
