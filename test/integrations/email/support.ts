import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Sql } from '../../../src/platform/database/sql.js';
import { enqueueEmail } from '../../../src/integrations/email/index.js';
import { call } from '../../support/tenant.js';

export const SMTP_USER = 'mailer';
export const SMTP_PASSWORD = 'smtp-pass-0123456789';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  messageId: string | undefined;
  accepted: boolean;
}

/** An answer to one message's DATA: accept, a reply code, or hold it (never answer). */
export type SmtpAnswer = { accept: true } | { code: number; message: string } | { hold: true };

/**
 * A real SMTP server on loopback (smtp-server): checks the credentials, answers each message from a
 * script (then accepts), and keeps what it saw, accepted or not.
 */
export class SmtpReceiver {
  readonly received: ReceivedMail[] = [];
  private script: SmtpAnswer[] = [];
  private readonly server: SMTPServer;
  port = 0;

  private constructor() {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) =>
        auth.username === SMTP_USER && auth.password === SMTP_PASSWORD
          ? callback(null, { user: SMTP_USER })
          : callback(new Error('Invalid login')),
      onData: (stream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const answer = this.script.shift() ?? { accept: true };
          const mail: ReceivedMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1],
            accepted: 'accept' in answer,
          };
          this.received.push(mail);
          if ('hold' in answer) return; // the connection stays open until the sender dies
          if ('accept' in answer) return callback(null, 'OK: queued');
          callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        });
      },
    });
  }

  static async start(): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver();
    await new Promise<void>((listening) => receiver.server.listen(0, '127.0.0.1', () => listening()));
    receiver.port = (receiver.server.server.address() as AddressInfo).port;
    return receiver;
  }

  get url(): string {
    return `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${this.port}`;
  }

  answerNext(answers: SmtpAnswer[]): void {
    this.script = [...answers];
  }

  accepted(): ReceivedMail[] {
    return this.received.filter((mail) => mail.accepted);
  }

  close(): Promise<void> {
    return new Promise((closed) => this.server.close(() => closed()));
  }
}

export async function enqueueTestEmail(
  transaction: <T>(work: (tx: Sql) => Promise<T>) => Promise<T>,
  tenantId: string,
  messageId: string,
  to = ['customer@example.com'],
): Promise<boolean> {
  return transaction((tx) =>
    enqueueEmail(tx, {
      tenantId,
      messageId,
      to,
      subject: 'Your mail is working again',
      text: 'We found the cause: the MX record pointed at the old host.',
      source: { kind: 'resolution-push', id: messageId },
    }),
  );
}

export interface MessageBody {
  id: string;
  status: 'pending' | 'sent' | 'failed' | 'stored';
  attempts: number;
  lastError: string | null;
  [field: string]: unknown;
}

export async function message(appUrl: string, key: string, messageId: string): Promise<MessageBody | undefined> {
  const response = await call(`${appUrl}/api/v1/outbox/email/${messageId}`, key);
  return response.status === 200 ? ((await response.json()) as MessageBody) : undefined;
}
