import { type ScratchDatabase, createScratchDatabase } from '../../bench/support/scratch-database.js';

export type TestDatabase = ScratchDatabase;

/** A fresh database with every migration applied, for one test file; isolated from every other test. */
export function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through jest (global setup)');
  return createScratchDatabase(url, 'agent_squad_test');
}
