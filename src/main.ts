import exitHook from 'async-exit-hook';
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
const app = await createApp({ config, databaseUrl: database.url });
await app.listen(config.port, '0.0.0.0');
log.info(
  { database: database.embedded ? `embedded in ${config.dataDir}` : 'DATABASE_URL' },
  `Agent Squad listening on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`,
);

// SIGINT / SIGTERM: close the app (HTTP, sockets, pollers, pool), then the embedded database.
// async-exit-hook waits for this before exiting.
exitHook((done: () => void) => {
  log.info('stopping');
  app
    .close()
    .then(() => database.embedded?.stop())
    .then(() => log.info('stopped'))
    .catch((error: Error) => log.error({ err: error }, 'unclean stop'))
    .finally(done);
});
