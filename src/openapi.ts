import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './bootstrap.js';
import { loadConfig } from './platform/config/app-config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/database/embedded-postgres.js';
import { buildOpenApiDocument } from './platform/http/openapi.js';

/**
 * `npm run openapi`: boots the application (on DATABASE_URL, or a throwaway embedded Postgres)
 * and writes its OpenAPI document to docs/openapi.json (or the path given).
 */
const target = process.argv[2] ?? 'docs/openapi.json';
const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false' });
let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
if (!config.databaseUrl) {
  dataDir = await mkdtemp(join(tmpdir(), 'agent-squad-openapi-'));
  embedded = await startEmbeddedPostgres({ dataDir, port: 55000 + Math.floor(Math.random() * 2000), database: 'agent_squad' });
}
try {
  const app = await createApp({ config, databaseUrl: config.databaseUrl ?? embedded!.url });
  try {
    await writeFile(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
} finally {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
process.stdout.write(`wrote ${target}\n`);
