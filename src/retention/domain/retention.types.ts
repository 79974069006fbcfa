/** One organization's rule for one target: keep rows this many days; null keeps them forever. */
export interface RetentionRule {
  target: string;
  days: number | null;
}

/** Days a rule may say: at least one, at most a hundred years. */
export const RETENTION_DAYS = { min: 1, max: 36_500 } as const;

/** What a run applied to one target of one organization. */
export interface RetentionOutcome {
  target: string;
  days: number;
  /** Rows older than this were removed. */
  cutoff: string;
  removed: number;
}
