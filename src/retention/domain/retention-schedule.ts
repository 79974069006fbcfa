import type { RetentionRule } from './retention.types.js';

const DAY_MS = 86_400_000;

/** The first sweep time strictly after `now`: each day at `hourUtc`:00 UTC. */
export function nextSweepAt(now: Date, hourUtc: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc);
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

/** Rows whose age column is before this are past a rule of `days` days. */
export const cutoffOf = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** The days that apply to a target: the organization's rule when it has one (null = forever), else the default. */
export function effectiveDays(rules: readonly RetentionRule[], target: string, defaultDays: number | null): number | null {
  const rule = rules.find((candidate) => candidate.target === target);
  return rule ? rule.days : defaultDays;
}
