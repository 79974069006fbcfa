import { backoffDelayMs, retryAfterMs } from './backoff.js';

const policy = { baseMs: 100, maxMs: 1000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry and waits between half and all of it', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, policy, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('is capped', () => {
    expect(backoffDelayMs(30, policy, () => 1)).toBe(1000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('reads delta-seconds, fractional seconds, retry-after-ms and HTTP dates', () => {
    expect(retryAfterMs(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now)).toBe(150);
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
  });

  it('is undefined when absent or unreadable, and never negative', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
  });
});
