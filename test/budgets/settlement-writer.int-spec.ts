import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Settlement, SettlementWriter } from '../../src/budgets/application/settlement-writer.js';
import { Database } from '../../src/platform/database/database.js';
import { untilTrue } from '../support/until.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

describe('budget settlements are written in one batch per interval', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  /** The settlements in each settle statement sent, in order. */
  const writes: number[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    // Counts the statements on their way to the real database, and changes nothing of them.
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const config = args[0] as { name?: string; values?: unknown[][] };
      if (config.name === 'budget_settle') writes.push(config.values?.[0].length ?? 0);
      return query(...args);
    };
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const settlement = (): Settlement => ({
    tenantId: 'org-1',
    reservationId: randomUUID(),
    budgetIds: ['organization:day'],
    periodStarts: ['2026-12-01T00:00:00.000Z'],
    actual: { tokens: 10, costUsd: 0.001 },
    now: Date.now(),
  });

  it('keeps what arrives during a write for the next interval instead of writing it right behind', async () => {
    const writer = new SettlementWriter(new Database(pool), () => Promise.resolve(), 100);
    writer.add(settlement());
    const writing = writer.flush();
    while (writes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Added while the first statement is in flight.
    writer.add(settlement());
    writer.add(settlement());
    await writing;
    expect(writes).toEqual([1]);
    expect(writer.unwritten).toBe(true);
    // The interval's timer sends the two together.
    await untilTrue(() => writes.length >= 2, 'the second settle statement');
    await writer.flush();
    expect(writes).toEqual([1, 2]);
    expect(writer.unwritten).toBe(false);
  });
});
