import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import { type AppConfig, senderAddress } from '../../../platform/config/app-config.js';
import { Database } from '../../../platform/database/database.js';
import { Clock } from '../../../platform/decider/clock.js';
import type { DueDeadline } from '../../../platform/deadlines/deadline.js';
import { recordOutboxTry } from '../../../platform/deadlines/outbox-try.js';
import { DeadlineRegistry } from '../../../platform/deadlines/deadline-registry.js';
import { EMAIL_SEND_DEADLINE, type EmailSendPayload, emailSendDeadlineKey } from '../application/email-deadline.js';
import { sendOverSmtp } from '../application/smtp-transport.js';
import { type EmailSendResult, decideAfterSend, messageIdHeader } from '../domain/email-send.decider.js';

interface MessageToSend {
  status: string;
  attempts: number;
  recipients: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
}

/**
 * One try of one message. With no SMTP_URL the message is `stored` (kept for an operator to copy).
 * Otherwise the try is recorded and the next one scheduled (a new deadline, due at the backoff) in
 * one transaction after the SMTP exchange. A process killed mid-exchange leaves the deadline
 * running; its lease expires and the same try is made again with the same Message-ID (at least
 * once: a 250 lost to the crash means a second copy, which the receiver can drop by Message-ID).
 */
@Injectable()
export class EmailSendDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(EmailSendDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<EmailSendPayload>(EMAIL_SEND_DEADLINE, (deadline) => this.send(deadline));
  }

  async send(deadline: DueDeadline<EmailSendPayload>): Promise<void> {
    const { messageId, attempt } = deadline.payload;
    const [message] = await this.db.query<MessageToSend>(
      `SELECT status, attempts, recipients, subject, text_body, html_body FROM email_outbox WHERE id = $1`,
      [messageId],
    );
    if (!message || message.status !== 'pending' || message.attempts !== attempt - 1) return;
    const { smtpUrl, from, timeoutMs } = this.config.email;
    if (smtpUrl === undefined) {
      await this.db.query(`UPDATE email_outbox SET status = 'stored', next_attempt_at = NULL WHERE id = $1 AND status = 'pending'`, [
        messageId,
      ]);
      return;
    }
    const result = await sendOverSmtp(
      { url: smtpUrl, timeoutMs },
      {
        from,
        to: message.recipients,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        messageIdHeader: messageIdHeader(messageId, senderAddress(from)),
      },
    );
    await this.record(messageId, attempt, result);
  }

  private async record(messageId: string, attempt: number, result: EmailSendResult): Promise<void> {
    const now = this.clock.now();
    const outcome = await this.db.transaction((tx) =>
      recordOutboxTry(tx, {
        table: 'email_outbox',
        id: messageId,
        attempt,
        decide: (roundAttempt) => decideAfterSend(result, roundAttempt, this.config.email, now),
        write: async (tx, outcome, roundAttempt) => {
          await tx.query(
            `UPDATE email_outbox SET status = $2, attempts = $3, round_attempts = $4, next_attempt_at = $5, last_error = $6,
                    smtp_message_id = COALESCE($7, smtp_message_id), smtp_response = COALESCE($8, smtp_response),
                    sent_at = CASE WHEN $2 = 'sent' THEN $9::timestamptz ELSE sent_at END
              WHERE id = $1`,
            [
              messageId,
              outcome.status,
              attempt,
              roundAttempt,
              outcome.status === 'pending' ? outcome.nextAttemptAt : null,
              result.kind === 'error' ? result.error : null,
              result.kind === 'sent' ? result.smtpMessageId : null,
              result.kind === 'sent' ? result.response : null,
              now,
            ],
          );
        },
        nextTry: (tenantId, dueAt) => {
          const payload: EmailSendPayload = { messageId, attempt: attempt + 1 };
          return { key: emailSendDeadlineKey(messageId, attempt + 1), type: EMAIL_SEND_DEADLINE, tenantId, dueAt, payload: { ...payload } };
        },
      }),
    );
    if (outcome?.status === 'failed') this.logger.warn(`e-mail ${messageId} failed after try ${attempt} (${outcome.reason})`);
  }
}
