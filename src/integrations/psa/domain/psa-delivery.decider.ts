import { parseRetryAfter, psaBackoffMs } from './psa-backoff.js';

/** What one HTTP try came to: an answer with its status, or no answer (timeout, connection, refused address). */
export type PsaAttemptResult =
  | { kind: 'response'; statusCode: number; retryAfter?: string }
  | { kind: 'error'; error: string }
  /** The organization removed its integration since the delivery was enqueued: nowhere to send it. */
  | { kind: 'unconfigured'; error: string };

export interface PsaRetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
}

export type PsaAttemptOutcome =
  { status: 'delivered' } | { status: 'failed'; reason: 'rejected' | 'exhausted' } | { status: 'pending'; nextAttemptAt: Date };

/** Whether a status is worth trying again: 5xx, 429 and 408 (the receiver's own timeout). */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode >= 500 || statusCode === 429 || statusCode === 408;
}

/**
 * Decides what follows try `roundAttempt` (1-based, counted since the delivery was enqueued or
 * last retried by hand): 2xx delivered; another 4xx (or 3xx: redirects are not followed) fails at
 * once; a timeout, connection error, 5xx or 429 waits the backoff (or Retry-After, whichever is
 * longer, capped) unless the tries are used up.
 */
export function decideAfterAttempt(result: PsaAttemptResult, roundAttempt: number, policy: PsaRetryPolicy, now: Date): PsaAttemptOutcome {
  if (result.kind === 'unconfigured') return { status: 'failed', reason: 'rejected' };
  if (result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300) return { status: 'delivered' };
  if (result.kind === 'response' && !isRetryableStatus(result.statusCode)) return { status: 'failed', reason: 'rejected' };
  if (roundAttempt >= policy.maxAttempts) return { status: 'failed', reason: 'exhausted' };
  const backoff = psaBackoffMs(roundAttempt, policy.backoffBaseMs, policy.backoffMaxMs);
  const retryAfter = result.kind === 'response' ? parseRetryAfter(result.retryAfter, now) : undefined;
  const wait = Math.min(Math.max(backoff, retryAfter ?? 0), policy.backoffMaxMs);
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + wait) };
}
