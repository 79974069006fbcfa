import { randomUUID } from 'node:crypto';
import { Database } from '../../../src/platform/database/database.js';
import { type TestApp, startTestApp } from '../../support/test-app.js';
import { type TestTenant, call, createTenant } from '../../support/tenant.js';
import { sleep, until } from '../../support/until.js';
import { SMTP_PASSWORD, SmtpReceiver, enqueueTestEmail, message } from './support.js';

const OUTBOX = '/api/v1/outbox/email';

describe('e-mail over a real SMTP server', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let receiver: SmtpReceiver;
  let transaction: <T>(work: Parameters<Database['transaction']>[0]) => Promise<T>;

  beforeAll(async () => {
    receiver = await SmtpReceiver.start();
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      RATE_LIMIT_PER_MINUTE: '100000',
      DEADLINE_POLL_MS: '20',
      SMTP_URL: receiver.url,
      SMTP_FROM: 'Help Desk <help@example.com>',
      EMAIL_BACKOFF_BASE_MS: '100',
      EMAIL_MAX_ATTEMPTS: '4',
    });
    tenant = await createTenant(subject.app, 'Mailing');
    const db = subject.app.get(Database);
    transaction = <T>(work: Parameters<Database['transaction']>[0]) => db.transaction(work) as Promise<T>;
  });
  afterAll(async () => {
    await subject?.close();
    await receiver?.close();
  });

  const settled = (id: string) =>
    until(
      () => message(subject.url, tenant.keys.operator, id),
      (found) => found !== undefined && found.status !== 'pending',
      `message ${id} to settle`,
    );

  it('delivers once with the sender, recipients, subject, body and a Message-ID from the message id', async () => {
    const id = `push-${randomUUID()}`;
    const before = receiver.received.length;
    expect(await enqueueTestEmail(transaction, tenant.organizationId, id, ['a@example.com', 'b@example.com'])).toBe(true);
    expect(await enqueueTestEmail(transaction, tenant.organizationId, id)).toBe(false); // a replay adds nothing
    const sent = (await settled(id))!;
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null, source: { kind: 'resolution-push', id } });
    expect(sent.smtpResponse).toMatch(/^250/);
    await sleep(300);
    const mails = receiver.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].from).toBe('help@example.com');
    expect(mails[0].to).toEqual(['a@example.com', 'b@example.com']);
    expect(mails[0].messageId).toBe(`<${id}@example.com>`);
    expect(mails[0].raw).toMatch(/^Subject: Your mail is working again/m);
    expect(mails[0].raw).toMatch(/^From: Help Desk <help@example.com>/m);
    expect(mails[0].raw).toContain('the MX record pointed at the old host');
    expect(JSON.stringify(sent)).not.toContain(SMTP_PASSWORD);
  });

  it('retries 421 (transient) and delivers on the third try: one message accepted', async () => {
    const id = `push-${randomUUID()}`;
    const before = receiver.received.length;
    receiver.answerNext([{ code: 421, message: 'Try again later' }, { code: 421, message: 'Try again later' }, { accept: true }]);
    await enqueueTestEmail(transaction, tenant.organizationId, id);
    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 3 });
    const mails = receiver.received.slice(before);
    expect(mails.map((mail) => mail.accepted)).toEqual([false, false, true]);
    expect(new Set(mails.map((mail) => mail.messageId))).toEqual(new Set([`<${id}@example.com>`]));
  });

  it('fails at once on 550 (permanent), and a hand retry sends it again', async () => {
    const id = `push-${randomUUID()}`;
    receiver.answerNext([{ code: 550, message: 'No such user' }]);
    await enqueueTestEmail(transaction, tenant.organizationId, id);
    const failed = (await settled(id))!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/550/);
    expect((await call(`${subject.url}${OUTBOX}/${id}/retry`, tenant.keys.admin, { method: 'POST' })).status).toBe(200);
    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    const again = await call(`${subject.url}${OUTBOX}/${id}/retry`, tenant.keys.admin, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/email-not-retryable' });
  });

  it('refuses a bad address at enqueue, storing nothing', async () => {
    const id = `push-${randomUUID()}`;
    await expect(enqueueTestEmail(transaction, tenant.organizationId, id, ['a@example.com\r\nBcc: x@example.com'])).rejects.toThrow(
      /not an e-mail address/,
    );
    await expect(enqueueTestEmail(transaction, tenant.organizationId, id, [])).rejects.toThrow(/recipients/);
    expect(await message(subject.url, tenant.keys.admin, id)).toBeUndefined();
  });
});

describe('e-mail with no SMTP_URL', () => {
  let subject: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    tenant = await createTenant(subject.app, 'Offline');
  });
  afterAll(() => subject?.close());

  it('keeps the message as stored, listed by GET /api/v1/outbox/email', async () => {
    const db = subject.app.get(Database);
    const id = `push-${randomUUID()}`;
    await enqueueTestEmail((work) => db.transaction(work), tenant.organizationId, id);
    await until(
      () => message(subject.url, tenant.keys.operator, id),
      (found) => found?.status === 'stored',
      'the message to be stored',
    );
    const page = (await (await call(`${subject.url}${OUTBOX}?status=stored`, tenant.keys.operator)).json()) as {
      items: { id: string; to: string[]; subject: string; text: string; attempts: number; sentAt: string | null }[];
    };
    expect(page.items).toEqual([
      expect.objectContaining({
        id,
        to: ['customer@example.com'],
        subject: 'Your mail is working again',
        text: expect.stringContaining('MX record'),
        attempts: 0,
        sentAt: null,
      }),
    ]);
    const none = (await (await call(`${subject.url}${OUTBOX}?status=sent`, tenant.keys.operator)).json()) as { items: unknown[] };
    expect(none.items).toEqual([]);
  });
});
