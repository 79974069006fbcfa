const BASE_MS = 500;
const MAX_MS = 5 * 60_000;

/** Exponential backoff with full jitter: attempt 1 waits up to 0.5 s, attempt 2 up to 1 s, … capped at 5 min. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
