import { type PsaRetryPolicy, decideAfterAttempt } from './psa-delivery.decider.js';

const policy: PsaRetryPolicy = { backoffBaseMs: 1000, backoffMaxMs: 60_000, maxAttempts: 3 };
const now = new Date('2026-12-02T10:00:00Z');
const after = (ms: number) => new Date(now.getTime() + ms);

describe('decideAfterAttempt', () => {
  it('a 2xx is delivered', () => {
    for (const statusCode of [200, 201, 204])
      expect(decideAfterAttempt({ kind: 'response', statusCode }, 1, policy, now)).toEqual({ status: 'delivered' });
  });

  it('5xx, 408, 429, timeouts and connection errors wait the backoff of the try', () => {
    expect(decideAfterAttempt({ kind: 'response', statusCode: 500 }, 1, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(1000),
    });
    expect(decideAfterAttempt({ kind: 'response', statusCode: 503 }, 2, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(2000),
    });
    expect(decideAfterAttempt({ kind: 'response', statusCode: 408 }, 1, policy, now)).toMatchObject({ status: 'pending' });
    expect(decideAfterAttempt({ kind: 'response', statusCode: 429 }, 1, policy, now)).toMatchObject({ status: 'pending' });
    expect(decideAfterAttempt({ kind: 'error', error: 'timed out' }, 2, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(2000),
    });
  });

  it('a Retry-After longer than the backoff is honoured, up to the cap; a shorter one does not shorten it', () => {
    expect(decideAfterAttempt({ kind: 'response', statusCode: 429, retryAfter: '5' }, 1, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(5000),
    });
    expect(decideAfterAttempt({ kind: 'response', statusCode: 503, retryAfter: '0' }, 2, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(2000),
    });
    expect(decideAfterAttempt({ kind: 'response', statusCode: 429, retryAfter: '86400' }, 1, policy, now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(60_000),
    });
  });

  it('any other 4xx (and a redirect, which is not followed) fails at once', () => {
    for (const statusCode of [400, 401, 403, 404, 410, 422, 301])
      expect(decideAfterAttempt({ kind: 'response', statusCode }, 1, policy, now)).toEqual({ status: 'failed', reason: 'rejected' });
  });

  it('the last try that fails retryably exhausts the delivery', () => {
    expect(decideAfterAttempt({ kind: 'response', statusCode: 500 }, 3, policy, now)).toEqual({ status: 'failed', reason: 'exhausted' });
    expect(decideAfterAttempt({ kind: 'error', error: 'ECONNREFUSED' }, 3, policy, now)).toEqual({ status: 'failed', reason: 'exhausted' });
  });

  it('the last try can still succeed', () => {
    expect(decideAfterAttempt({ kind: 'response', statusCode: 200 }, 3, policy, now)).toEqual({ status: 'delivered' });
  });

  it('a removed integration fails at once', () => {
    expect(decideAfterAttempt({ kind: 'unconfigured', error: 'removed' }, 1, policy, now)).toEqual({
      status: 'failed',
      reason: 'rejected',
    });
  });
});
