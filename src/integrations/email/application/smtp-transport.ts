import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { classifySmtpFailure, type EmailSendResult } from '../domain/email-send.decider.js';

export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** The Message-ID header, stable across tries. */
  messageIdHeader: string;
}

export interface SmtpSettings {
  url: string;
  timeoutMs: number;
}

/** Anything that could carry the credentials of SMTP_URL, removed from a text that is stored or shown. */
export function withoutCredentials(text: string, url: string): string {
  const { username, password } = new URL(url);
  let clean = text.split(url).join('SMTP_URL');
  for (const secret of [password, decodeURIComponent(password)].filter((part) => part.length >= 3)) clean = clean.split(secret).join('***');
  return username.length >= 3 ? clean.split(decodeURIComponent(username)).join('***') : clean;
}

/**
 * One message over one SMTP connection (no pool: tries are rare and minutes apart). Never throws:
 * every failure is a result, classified transient or permanent.
 */
export async function sendOverSmtp(settings: SmtpSettings, email: OutgoingEmail): Promise<EmailSendResult> {
  const transport = createTransport({
    url: settings.url,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    logger: false,
  });
  try {
    const info = await transport.sendMail({
      from: email.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html !== null ? { html: email.html } : {}),
      messageId: email.messageIdHeader,
    });
    return {
      kind: 'sent',
      smtpMessageId: info.messageId,
      response: withoutCredentials(String(info.response ?? ''), settings.url).slice(0, 500),
    };
  } catch (caught) {
    const error = caught as NodemailerError;
    const described = [error.code, error.responseCode, error.message].filter((part) => part !== undefined).join(' ');
    return { kind: 'error', failure: classifySmtpFailure(error), error: withoutCredentials(described, settings.url).slice(0, 500) };
  } finally {
    transport.close();
  }
}
