import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('without limits never waits', () => {
    const limiter = new RateLimiter({ rpm: undefined, tpm: undefined }, 0);
    for (let i = 0; i < 1000; i++) expect(limiter.reserve(1_000_000, 0)).toBe(0);
  });

  it('allows rpm requests at once, then asks to wait for the bucket to refill', () => {
    const limiter = new RateLimiter({ rpm: 60, tpm: undefined }, 0);
    for (let i = 0; i < 60; i++) expect(limiter.reserve(10, 0)).toBe(0);
    expect(limiter.reserve(10, 0)).toBe(1000);
    expect(limiter.reserve(10, 500)).toBe(500);
    expect(limiter.reserve(10, 1000)).toBe(0);
  });

  it('counts tokens per minute and takes nothing when it refuses', () => {
    const limiter = new RateLimiter({ rpm: undefined, tpm: 600 }, 0);
    expect(limiter.reserve(500, 0)).toBe(0);
    expect(limiter.reserve(200, 0)).toBe(10_000);
    expect(limiter.reserve(100, 0)).toBe(0);
  });

  it('settles estimates with the actual count', () => {
    const limiter = new RateLimiter({ rpm: undefined, tpm: 600 }, 0);
    limiter.reserve(500, 0);
    limiter.settle(500, 100);
    expect(limiter.reserve(500, 0)).toBe(0);
  });

  it('lets a call larger than the whole quota through once the bucket is full', () => {
    const limiter = new RateLimiter({ rpm: undefined, tpm: 100 }, 0);
    expect(limiter.reserve(5000, 0)).toBe(0);
    expect(limiter.reserve(5000, 0)).toBeGreaterThanOrEqual(60_000);
    expect(limiter.reserve(5000, 60_001)).toBe(0);
  });
});
