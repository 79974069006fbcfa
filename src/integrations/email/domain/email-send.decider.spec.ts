import { MAX_EMAIL_RECIPIENTS, validEmailAddress } from './email-address.js';
import { EMAIL_MESSAGE_ID_PATTERN, classifySmtpFailure, decideAfterSend, emailBackoffMs, messageIdHeader } from './email-send.decider.js';

const policy = { backoffBaseMs: 1000, backoffMaxMs: 5000, maxAttempts: 3 };
const now = new Date('2026-12-03T10:00:00Z');
const transient = { kind: 'error', failure: 'transient', error: '421 try later' } as const;

describe('e-mail sending', () => {
  it('doubles the wait per try up to the cap', () => {
    expect([1, 2, 3, 4, 50].map((attempt) => emailBackoffMs(attempt, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it.each<[string, { code?: string; responseCode?: number }, 'transient' | 'permanent']>([
    ['421 service not available', { code: 'EENVELOPE', responseCode: 421 }, 'transient'],
    ['450 mailbox busy', { code: 'EENVELOPE', responseCode: 450 }, 'transient'],
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550 }, 'permanent'],
    ['554 rejected', { code: 'EMESSAGE', responseCode: 554 }, 'permanent'],
    ['503 bad sequence (the session, not the message)', { code: 'EPROTOCOL', responseCode: 503 }, 'transient'],
    ['535 bad credentials', { code: 'EAUTH', responseCode: 535 }, 'permanent'],
    ['a refused connection', { code: 'ESOCKET' }, 'transient'],
    ['a dropped connection', { code: 'ECONNECTION' }, 'transient'],
    ['a timeout', { code: 'ETIMEDOUT' }, 'transient'],
    ['credentials refused without a reply', { code: 'EAUTH' }, 'permanent'],
    ['an unknown error', {}, 'transient'],
  ])('classifies %s', (_name, error, expected) => {
    expect(classifySmtpFailure(error)).toBe(expected);
  });

  it('sent is sent; a permanent failure fails at once; transient ones wait the backoff until the tries are used up', () => {
    expect(decideAfterSend({ kind: 'sent', smtpMessageId: '<a@b>', response: '250 OK' }, 1, policy, now)).toEqual({ status: 'sent' });
    expect(decideAfterSend({ kind: 'error', failure: 'permanent', error: '550' }, 1, policy, now)).toEqual({
      status: 'failed',
      reason: 'rejected',
    });
    expect(decideAfterSend(transient, 1, policy, now)).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 1000) });
    expect(decideAfterSend(transient, 2, policy, now)).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 2000) });
    expect(decideAfterSend(transient, 3, policy, now)).toEqual({ status: 'failed', reason: 'exhausted' });
  });

  it('builds a stable Message-ID in the sender’s domain, distinct for distinct ids', () => {
    expect(messageIdHeader('push-1', 'help@example.com')).toBe('<push-1@example.com>');
    expect(messageIdHeader('push:1', 'help@example.com')).toBe('<push=1@example.com>');
    expect(messageIdHeader('push:1', 'help@example.com')).not.toBe(messageIdHeader('push.1', 'help@example.com'));
  });

  it.each(['push-1', 'a.b.c', 'resolution:42:email', 'x_y'])('accepts the id %s', (id) =>
    expect(EMAIL_MESSAGE_ID_PATTERN.test(id)).toBe(true),
  );
  it.each(['', '.a', 'a..b', 'a.', 'a b', 'a/b', 'a=b', 'x'.repeat(201)])('refuses the id "%s"', (id) =>
    expect(EMAIL_MESSAGE_ID_PATTERN.test(id)).toBe(false),
  );
});

describe('validEmailAddress', () => {
  it.each(['a@example.com', 'first.last+tag@mail.example.co.uk', "o'brien@example.ie", 'x@localhost'])('accepts %s', (address) =>
    expect(validEmailAddress(address)).toBe(true),
  );
  it.each([
    '',
    'plain',
    '@example.com',
    'a@',
    'a b@example.com',
    'a@example.com\r\nBcc: b@example.com',
    '"quoted"@example.com',
    'A <a@example.com>',
    'a@example.com, b@example.com',
    'a..b@example.com',
    'a@-example.com',
    `${'x'.repeat(65)}@example.com`,
  ])('refuses %j', (address) => expect(validEmailAddress(address)).toBe(false));

  it('allows a few recipients, not a list', () => expect(MAX_EMAIL_RECIPIENTS).toBe(20));
});
