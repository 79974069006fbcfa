import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  const policy = { failures: 2, cooldownMs: 1000 };

  it('stays closed below the failure threshold, and a success resets the count', () => {
    const breaker = new CircuitBreaker(policy);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(1);
    expect(breaker.state(1)).toBe('closed');
    expect(breaker.tryPass(1)).toBe(true);
  });

  it('opens after consecutive failures and refuses calls during the cool-down', () => {
    const breaker = new CircuitBreaker(policy);
    breaker.recordFailure(0);
    breaker.recordFailure(10);
    expect(breaker.state(10)).toBe('open');
    expect(breaker.tryPass(1009)).toBe(false);
  });

  it('after the cool-down lets exactly one trial through; its success closes the circuit', () => {
    const breaker = new CircuitBreaker(policy);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.state(1000)).toBe('half-open');
    expect(breaker.tryPass(1000)).toBe(true);
    expect(breaker.tryPass(1000)).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state(1000)).toBe('closed');
    expect(breaker.tryPass(1000)).toBe(true);
  });

  it('a failed trial opens it again for a full cool-down', () => {
    const breaker = new CircuitBreaker(policy);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.tryPass(1500);
    breaker.recordFailure(1500);
    expect(breaker.state(2499)).toBe('open');
    expect(breaker.state(2500)).toBe('half-open');
  });

  it('a released trial (no verdict) lets the next caller try', () => {
    const breaker = new CircuitBreaker(policy);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.tryPass(1000);
    breaker.release();
    expect(breaker.tryPass(1000)).toBe(true);
  });
});
