/** One target as an organization sees it: the default, its own rule, and what runs removed. */
export interface RetentionTargetView {
  target: string;
  description: string;
  defaultDays: number | null;
  /** The organization's rule, when it set one (null inside: forever). */
  rule: { days: number | null } | null;
  /** What applies: the rule, else the default; null keeps forever. */
  days: number | null;
  lastRun: { at: Date; cutoff: Date; removed: number } | null;
  totalRemoved: number;
}

export interface RetentionView {
  targets: RetentionTargetView[];
  nextSweepAt: Date;
}
