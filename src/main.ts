import { pino } from 'pino';
import { createApp } from './bootstrap.js';
import { loadConfig } from './platform/config/app-config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/database/embedded-postgres.js';

const config = loadConfig();
const log = pino({ level: config.logLevel, base: { context: 'main' } });

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  log.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'DATABASE_URL is not set: starting embedded Postgres');
  embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    database: 'agent_squad',
    log: (line) => log.debug({ postgres: line }),
  });
}
databaseUrl ??= embedded!.url;

const app = await createApp({ config, databaseUrl });
await app.listen(config.port, '0.0.0.0');
log.info(
  { url: `http://localhost:${config.port}`, database: embedded ? `embedded in ${config.dataDir}` : 'DATABASE_URL' },
  `Agent Squad listening on http://localhost:${config.port}`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  await app.close();
  await embedded?.stop();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
