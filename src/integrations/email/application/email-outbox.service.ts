import { Injectable } from '@nestjs/common';
import { Database } from '../../../platform/database/database.js';
import { Clock } from '../../../platform/decider/clock.js';
import { NotFoundError } from '../../../platform/decider/decider.js';
import { scheduleDeadline } from '../../../platform/deadlines/deadline.js';
import { DeadlinePoller } from '../../../platform/deadlines/deadline-poller.js';
import { EmailNotRetryableError } from '../domain/email.errors.js';
import { EMAIL_SEND_DEADLINE, type EmailSendPayload, emailSendDeadlineKey } from './email-deadline.js';

export type EmailStatus = 'pending' | 'sent' | 'failed' | 'stored';

export interface EmailView {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  smtpResponse: string | null;
  sentAt: Date | null;
  createdAt: Date;
  source: { kind: string; id: string } | null;
}

interface MessageRow {
  seq: string;
  id: string;
  recipients: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  smtp_response: string | null;
  sent_at: Date | null;
  created_at: Date;
  source_kind: string | null;
  source_id: string | null;
}

const SELECT = `SELECT seq, id, recipients, subject, text_body, html_body, status, attempts, last_error, next_attempt_at,
                       smtp_response, sent_at, created_at, source_kind, source_id FROM email_outbox`;

/** The outbox an operator reads (and copies from when nothing is sent), and the hand retry. */
@Injectable()
export class EmailOutboxService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly poller: DeadlinePoller,
  ) {}

  /** Oldest first, after the keyset position `after`; `limit + 1` rows (see pageOf). */
  async list(
    tenantId: string,
    filter: { status?: EmailStatus; after: number; limit: number },
  ): Promise<{ key: number; view: EmailView }[]> {
    const rows = await this.db.query<MessageRow>(
      `${SELECT} WHERE tenant_id = $1 AND seq > $2 AND ($3::text IS NULL OR status = $3) ORDER BY seq LIMIT $4`,
      [tenantId, filter.after, filter.status ?? null, filter.limit + 1],
    );
    return rows.map((row) => ({ key: Number(row.seq), view: toView(row) }));
  }

  async get(tenantId: string, messageId: string): Promise<EmailView> {
    const [row] = await this.db.query<MessageRow>(`${SELECT} WHERE tenant_id = $1 AND id = $2`, [tenantId, messageId]);
    if (!row) throw new NotFoundError('e-mail', messageId);
    return toView(row);
  }

  /** A failed (or stored) message back to pending with a fresh set of tries, the first due now. */
  async retry(tenantId: string, messageId: string): Promise<EmailView> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: EmailStatus; attempts: number }>(
        `SELECT status, attempts FROM email_outbox WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, messageId],
      );
      if (!row) throw new NotFoundError('e-mail', messageId);
      if (row.status !== 'failed' && row.status !== 'stored') throw new EmailNotRetryableError(messageId, row.status);
      // A stored message made no try: its retry is try `attempts + 1` all the same, a key not used yet.
      const attempt = row.attempts + 1;
      await tx.query(`UPDATE email_outbox SET status = 'pending', round_attempts = 0, attempts = $3, next_attempt_at = $2 WHERE id = $1`, [
        messageId,
        now,
        attempt - 1,
      ]);
      const payload: EmailSendPayload = { messageId, attempt };
      await scheduleDeadline(tx, {
        key: `${emailSendDeadlineKey(messageId, attempt)}:${now.getTime()}`,
        type: EMAIL_SEND_DEADLINE,
        tenantId,
        dueAt: now,
        payload: { ...payload },
      });
    });
    this.poller.pollSoon();
    return this.get(tenantId, messageId);
  }
}

function toView(row: MessageRow): EmailView {
  return {
    id: row.id,
    to: row.recipients,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    smtpResponse: row.smtp_response,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    source: row.source_kind !== null && row.source_id !== null ? { kind: row.source_kind, id: row.source_id } : null,
  };
}
