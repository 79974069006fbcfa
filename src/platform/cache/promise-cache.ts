export interface PromiseCacheOptions {
  /** The oldest entry is dropped when one more would exceed this. */
  maxEntries: number;
  /** An entry older than this is read again; without it entries stay until evicted. */
  maxAgeMs?: number;
  /** Milliseconds now (the app's clock, so tests can move time). */
  now?: () => number;
}

/**
 * Keeps what `load` promised for a key, in memory only: callers asking at once share one read, a
 * failed read is forgotten (the next caller tries again), and the cache holds at most `maxEntries`
 * (oldest out first). For values that do not change under the key (a registered agent version) or
 * may be a little stale (a run's lessons within maxAgeMs).
 */
export class PromiseCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();
  private readonly now: () => number;

  constructor(private readonly options: PromiseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && (this.options.maxAgeMs === undefined || now - kept.at < this.options.maxAgeMs)) return kept.value;
    const value = load();
    const entry = { at: now, value };
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.delete(key); // re-inserted last, so it is the newest
    this.entries.set(key, entry);
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
