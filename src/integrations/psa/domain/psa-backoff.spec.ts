import { parseRetryAfter, psaBackoffMs } from './psa-backoff.js';

describe('psaBackoffMs', () => {
  it('doubles from the base with each failed try, without jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => psaBackoffMs(attempt, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, even after many tries', () => {
    expect(psaBackoffMs(7, 1000, 30_000)).toBe(30_000);
    expect(psaBackoffMs(500, 1000, 30_000)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-12-02T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time until it, and a past date as now', () => {
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
