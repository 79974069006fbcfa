import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDataSource, migrate } from '../../src/platform/database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres.js';

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, migrated database on the server at `serverUrl`, dropped by `drop()`. */
export async function createScratchDatabase(serverUrl: string, prefix = 'agent_squad_scratch'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return {
    url,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Benchmarks run against DATABASE_URL, or an embedded server started for the run. */
export async function benchServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'agent-squad-bench-'));
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir,
    port: 57000 + Math.floor(Math.random() * 1000),
    database: 'postgres',
  });
  return { url: embedded.url, stop: () => embedded.stop() };
}
