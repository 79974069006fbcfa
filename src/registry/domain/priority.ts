/** How urgent an event, an execution or a lock request is. CRITICAL work is always served first. */
export const PRIORITIES = ['CRITICAL', 'HIGH', 'NORMAL', 'LOW'] as const;

export type Priority = (typeof PRIORITIES)[number];

/** 0 for CRITICAL … 3 for LOW: the number queues sort on (ascending). */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** Orders queued work: higher priority first, then earlier arrival (a lower `arrival`). */
export function byPriorityThenArrival<T extends { priority: Priority; arrival: number }>(a: T, b: T): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || a.arrival - b.arrival;
}
