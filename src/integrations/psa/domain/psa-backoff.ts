/**
 * The wait after failed try `attempt` (1-based): base · 2^(attempt−1), capped, without jitter.
 * Deliveries of one organization go to one receiver and are few; a deterministic schedule is
 * easier to reason about and to document than a jittered one.
 */
export function psaBackoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/**
 * Retry-After as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
