/** The team queue in figures: what waits now, how long claims took, and the time handed-off sessions spent. */
export interface QueueStatistics {
  from: string;
  to: string;
  waiting: {
    total: number;
    byKind: { park: number; escalate: number; question: number };
    byPriority: { normal: number; elevated: number };
    /** When the item waiting longest went onto the queue; null when nothing waits. */
    oldestSince: string | null;
  };
  /** From going onto the queue to the first claim, over items first claimed in [from, to). */
  timeToClaim: { claims: number; medianSeconds: number | null; p95Seconds: number | null };
  /** Summed over the sessions handed off in [from, to), as each session shows it (up to now). */
  sessionTime: { sessions: number; activeSeconds: number; waitingSeconds: number };
}

export interface QueueStatisticsWindow {
  from: Date;
  to: Date;
  squadId?: string;
}
