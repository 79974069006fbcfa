import { pino } from 'pino';
import { createApp } from './bootstrap.js';
import { loadConfig } from './platform/config/app-config.js';
import { resolveDatabase } from './platform/database/resolve-database.js';

const config = loadConfig();
const log = pino({ level: config.logLevel, base: { context: 'main' } });

if (!config.databaseUrl) {
  log.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'DATABASE_URL is not set: starting embedded Postgres');
}
const database = await resolveDatabase(config, (line) => log.debug({ postgres: line }));
const app = await createApp({ config, databaseUrl: database.url, embeddedDatabase: database.embedded });
// SIGINT / SIGTERM: Nest closes HTTP, sockets and pollers, then DatabaseShutdown closes the pool and
// stops the embedded database (logging "stopped"); the process then ends by the same signal.
app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
await app.listen(config.port, '0.0.0.0');
log.info(
  { database: database.embedded ? `embedded in ${config.dataDir}` : 'DATABASE_URL' },
  `Agent Squad listening on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`,
);
