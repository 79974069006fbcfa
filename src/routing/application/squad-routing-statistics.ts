export interface RuleStatistics {
  ruleId: string;
  level: number;
  timesUsed: number;
  timesEscalatedAway: number;
  lastUsedAt: Date | null;
}

/** How a squad's rules were used by its conversations (figures the conversations module owns). */
export interface SquadRoutingStatistics {
  rules: RuleStatistics[];
  /** Per level: how many questions reached it (escalations, for level > 0) and how many left it unanswered. */
  levels: { level: number; timesReached: number; timesEscalatedAway: number }[];
}
