const BASE_MS = 500;
const MAX_MS = 5 * 60_000;

/**
 * Exponential backoff with "equal jitter": a random delay between half the ceiling and the ceiling
 * (attempt 1: 0.25–0.5 s, attempt 2: 0.5–1 s, … capped at 5 min). Not full jitter (0–ceiling): the
 * floor keeps a failing deadline from being retried at once, the random half still spreads replicas.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
