// Plain ESM so jest loads it without a transform; it uses the build that `npm test` makes first.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../dist/src/platform/database/embedded-postgres.js';

/**
 * Integration tests need a real Postgres: DATABASE_URL when set (CI uses the machine's server),
 * otherwise an embedded one started for this run. Each test file then creates its own database.
 */
export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const dataDir = await mkdtemp(join(tmpdir(), 'agent-squad-test-'));
  const port = 55000 + Math.floor(Math.random() * 2000);
  const embedded = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
  process.env.DATABASE_URL = embedded.url;
  globalThis.__embeddedPostgres = embedded;
}
