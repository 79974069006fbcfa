import type { Sql } from '../database/sql.js';
import { type DeadlineRequest, cancelDeadlines, scheduleDeadlines } from './deadline.js';

/** What an inline projection asks of the deadlines table for one event, in the order it asks. */
export type DeadlineWrite = { action: 'schedule'; deadline: DeadlineRequest } | { action: 'cancel'; key: string };

export interface GroupedDeadlineWrites {
  schedules: DeadlineRequest[];
  cancels: string[];
  /** Writes of keys whose outcome depends on the order (a cancel before a schedule of the same key): applied one by one. */
  inOrder: DeadlineWrite[];
}

/**
 * Groups a batch's deadline writes into one insert and one cancel, with the result the writes
 * would have had one by one. Writes of different keys commute; for one key, "all schedules, then
 * all cancels" is what the order gives too, unless a cancel precedes that key's last schedule (with
 * no row yet, the cancel did nothing and the schedule inserted a pending deadline): those keys keep
 * their order.
 */
export function groupDeadlineWrites(writes: readonly DeadlineWrite[]): GroupedDeadlineWrites {
  const byKey = new Map<string, DeadlineWrite[]>();
  for (const write of writes) {
    const key = write.action === 'schedule' ? write.deadline.key : write.key;
    byKey.set(key, [...(byKey.get(key) ?? []), write]);
  }
  const grouped: GroupedDeadlineWrites = { schedules: [], cancels: [], inOrder: [] };
  for (const [key, ofKey] of byKey) {
    const lastSchedule = ofKey.findLastIndex((write) => write.action === 'schedule');
    const cancelBefore = ofKey.slice(0, Math.max(0, lastSchedule)).some((write) => write.action === 'cancel');
    if (cancelBefore) {
      grouped.inOrder.push(...ofKey);
      continue;
    }
    // The first schedule of a key is the one that lands (the later ones conflict and do nothing).
    const schedule = ofKey.find((write) => write.action === 'schedule');
    if (schedule?.action === 'schedule') grouped.schedules.push(schedule.deadline);
    if (ofKey.some((write) => write.action === 'cancel')) grouped.cancels.push(key);
  }
  return grouped;
}

/** Writes a batch's deadline requests in at most two statements (plus any whose order matters). */
export async function writeDeadlines(tx: Sql, writes: readonly DeadlineWrite[]): Promise<void> {
  const { schedules, cancels, inOrder } = groupDeadlineWrites(writes);
  await scheduleDeadlines(tx, schedules);
  await cancelDeadlines(tx, cancels);
  for (const write of inOrder) {
    if (write.action === 'schedule') await scheduleDeadlines(tx, [write.deadline]);
    else await cancelDeadlines(tx, [write.key]);
  }
}
