import type { AppConfig } from '../config/app-config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | undefined;
}

/** DATABASE_URL when set; otherwise the embedded Postgres in the data folder, started if needed. */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    database: 'agent_squad',
    log,
  });
  return { url: embedded.url, embedded };
}
