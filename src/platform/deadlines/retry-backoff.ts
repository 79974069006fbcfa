/** How a durable step is retried: the wait doubles from `backoffBaseMs` up to `backoffMaxMs`, for `maxAttempts` tries. */
export interface RetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
}

export type AfterFailedTry = { retry: true; attempt: number; dueAt: Date } | { retry: false };

/**
 * After failed try `attempt` (1-based): the next try after base · 2^(attempt−1), capped, without
 * jitter, or none once `maxAttempts` were made. Pure.
 */
export function afterFailedTry(attempt: number, policy: RetryPolicy, now: Date): AfterFailedTry {
  if (attempt >= policy.maxAttempts) return { retry: false };
  const waitMs = Math.min(policy.backoffBaseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40), policy.backoffMaxMs);
  return { retry: true, attempt: attempt + 1, dueAt: new Date(now.getTime() + waitMs) };
}
