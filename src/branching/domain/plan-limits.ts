import type { BranchLimit } from './session.types.js';

/** Branches per fork point by organization plan; enterprise (and any plan not listed) is unlimited. */
const LIMITS: Readonly<Record<string, number>> = { free: 2, pro: 5, team: 10 };

export function branchLimitOf(plan: string): BranchLimit {
  return { plan, limit: LIMITS[plan] ?? null };
}
