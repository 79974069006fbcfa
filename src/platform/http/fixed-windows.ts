export interface FixedWindow {
  count: number;
  resetAt: number;
}

/**
 * Counters in fixed windows (one minute by default), one per tracker (an API key's fingerprint, a
 * client address), in this replica's memory; windows that ended are swept once per window length.
 */
export class FixedWindows {
  private readonly windows = new Map<string, FixedWindow>();
  private sweptAt = Date.now();

  constructor(private readonly windowMs = 60_000) {}

  /** Counts one more for `tracker` and returns its window. */
  add(tracker: string, now = Date.now()): FixedWindow {
    this.sweep(now);
    let window = this.windows.get(tracker);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(tracker, window);
    }
    window.count += 1;
    return window;
  }

  /** The running window of `tracker`, without counting; undefined when it has none. */
  current(tracker: string, now = Date.now()): FixedWindow | undefined {
    this.sweep(now);
    const window = this.windows.get(tracker);
    return window && window.resetAt > now ? window : undefined;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [tracker, window] of this.windows) if (window.resetAt <= now) this.windows.delete(tracker);
  }
}

/** Whole seconds until `window` ends, at least 1: the Retry-After of a refusal. */
export function secondsUntilReset(window: FixedWindow, now = Date.now()): number {
  return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
}
