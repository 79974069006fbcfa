/** What one SMTP try came to. */
export type EmailSendResult =
  { kind: 'sent'; smtpMessageId: string; response: string } | { kind: 'error'; failure: 'transient' | 'permanent'; error: string };

export interface EmailRetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
}

export type EmailSendOutcome =
  { status: 'sent' } | { status: 'failed'; reason: 'rejected' | 'exhausted' } | { status: 'pending'; nextAttemptAt: Date };

/** The fields of a nodemailer error that tell what failed. */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
}

/**
 * A 5xx reply is permanent (the same message would be refused again), except 503 (bad sequence:
 * the session, not the message, was wrong). 4xx replies, connection errors, timeouts and anything
 * unknown are transient: the tries are bounded, so guessing "transient" costs at most a few tries.
 * Errors without a reply that no retry can fix (bad credentials, a bad envelope) are permanent.
 */
export function classifySmtpFailure(error: SmtpFailure): 'transient' | 'permanent' {
  if (typeof error.responseCode === 'number') return error.responseCode >= 500 && error.responseCode !== 503 ? 'permanent' : 'transient';
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH' || error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return 'permanent';
  return 'transient';
}

/** The wait after failed try `attempt` (1-based): base · 2^(attempt−1), capped, without jitter. */
export function emailBackoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** What follows try `roundAttempt` (1-based, counted since enqueued or last retried by hand). */
export function decideAfterSend(result: EmailSendResult, roundAttempt: number, policy: EmailRetryPolicy, now: Date): EmailSendOutcome {
  if (result.kind === 'sent') return { status: 'sent' };
  if (result.failure === 'permanent') return { status: 'failed', reason: 'rejected' };
  if (roundAttempt >= policy.maxAttempts) return { status: 'failed', reason: 'exhausted' };
  return {
    status: 'pending',
    nextAttemptAt: new Date(now.getTime() + emailBackoffMs(roundAttempt, policy.backoffBaseMs, policy.backoffMaxMs)),
  };
}

/**
 * The Message-ID header of a message, stable across tries so a receiver can drop a duplicate (a
 * try whose 250 answer was lost to a crash is made again). Ids allow ':' which a Message-ID's left
 * part does not; '=' replaces it (ids never contain '=', so distinct ids stay distinct).
 */
export function messageIdHeader(messageId: string, senderAddress: string): string {
  const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1) || 'localhost';
  return `<${messageId.replaceAll(':', '=')}@${domain}>`;
}

/** Ids of messages: a dot-atom of [A-Za-z0-9_:-] parts, at most 200 characters. */
export const EMAIL_MESSAGE_ID_PATTERN = /^(?=.{1,200}$)[A-Za-z0-9][A-Za-z0-9_:-]*(?:\.[A-Za-z0-9_:-]+)*$/;
