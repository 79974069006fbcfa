import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt and stays within [ceiling/2, ceiling]', () => {
    expect(retryDelayMs(1, () => 0)).toBe(250);
    expect(retryDelayMs(1, () => 1)).toBe(500);
    expect(retryDelayMs(2, () => 1)).toBe(1000);
    expect(retryDelayMs(4, () => 0.5)).toBe(3000);
  });

  it('is capped at five minutes', () => {
    expect(retryDelayMs(40, () => 1)).toBe(300_000);
  });
});
