import { type DeadlineWrite, groupDeadlineWrites } from './deadline-writes.js';

type Row = 'pending' | 'cancelled' | 'done';

/** The deadlines table as the one-by-one statements leave it: insert-if-absent, cancel-if-pending. */
function applyOne(table: Map<string, Row>, write: DeadlineWrite): void {
  if (write.action === 'schedule') {
    if (!table.has(write.deadline.key)) table.set(write.deadline.key, 'pending');
  } else if (table.get(write.key) === 'pending') table.set(write.key, 'cancelled');
}

function applyGrouped(table: Map<string, Row>, writes: DeadlineWrite[]): void {
  const { schedules, cancels, inOrder } = groupDeadlineWrites(writes);
  for (const deadline of schedules) applyOne(table, { action: 'schedule', deadline });
  for (const key of cancels) applyOne(table, { action: 'cancel', key });
  for (const write of inOrder) applyOne(table, write);
}

const schedule = (key: string, dueAt = '2026-12-03T10:00:00Z'): DeadlineWrite => ({
  action: 'schedule',
  deadline: { key, type: 't', tenantId: null, dueAt: new Date(dueAt), payload: {} },
});
const cancel = (key: string): DeadlineWrite => ({ action: 'cancel', key });

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('groupDeadlineWrites', () => {
  it('puts a batch of independent writes into one insert and one cancel', () => {
    const grouped = groupDeadlineWrites([cancel('a:ack'), cancel('a:first'), schedule('a:ack2'), cancel('b:ack'), schedule('b:ack2')]);
    expect(grouped.schedules.map((deadline) => deadline.key)).toEqual(['a:ack2', 'b:ack2']);
    expect(grouped.cancels).toEqual(['a:ack', 'a:first', 'b:ack']);
    expect(grouped.inOrder).toEqual([]);
  });

  it('keeps the first schedule of a key, as the one-by-one inserts would', () => {
    const grouped = groupDeadlineWrites([schedule('k', '2026-12-03T10:00:00Z'), schedule('k', '2026-12-03T11:00:00Z')]);
    expect(grouped.schedules).toHaveLength(1);
    expect(grouped.schedules[0].dueAt.toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  it('keeps the order of a key cancelled before it is scheduled', () => {
    const grouped = groupDeadlineWrites([cancel('k'), schedule('k'), schedule('other')]);
    expect(grouped.inOrder).toEqual([cancel('k'), schedule('k')]);
    expect(grouped.schedules.map((deadline) => deadline.key)).toEqual(['other']);
  });

  it('leaves the table as the writes one by one would, whatever the order and the rows already there', () => {
    const keys = ['a', 'b', 'c'];
    const rows: (Row | undefined)[] = [undefined, 'pending', 'cancelled', 'done'];
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const pick = <T>(from: T[]) => from[Math.floor(next() * from.length)];
      const writes = Array.from({ length: 1 + Math.floor(next() * 6) }, () => (next() < 0.5 ? schedule(pick(keys)) : cancel(pick(keys))));
      const before = new Map<string, Row>();
      for (const key of keys) {
        const row = pick(rows);
        if (row) before.set(key, row);
      }
      const oneByOne = new Map(before);
      for (const write of writes) applyOne(oneByOne, write);
      const grouped = new Map(before);
      applyGrouped(grouped, writes);
      expect({ seed, table: Object.fromEntries(grouped) }).toEqual({ seed, table: Object.fromEntries(oneByOne) });
    }
  });
});
