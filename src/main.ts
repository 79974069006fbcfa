import { createApp } from './bootstrap.js';
import { DemoOrganizationSeeder } from './organizations/index.js';
import { loadConfig, maskedSmtpUrl } from './platform/config/app-config.js';
import { findDashboardDirectory } from './dashboard/dashboard-static.js';
import { resolveDatabase } from './platform/database/resolve-database.js';
import { createLog, logsArePretty } from './platform/observability/logging.js';
import { startupBanner } from './platform/observability/startup-banner.js';

const config = loadConfig();
const log = createLog(config.logLevel, 'main');

if (!config.databaseUrl) {
  log.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'DATABASE_URL is not set: starting embedded Postgres');
}
const database = await resolveDatabase(config, (line) => log.debug({ postgres: line }));
const app = await createApp({ config, databaseUrl: database.url, embeddedDatabase: database.embedded });
// SIGINT / SIGTERM: Nest closes HTTP, sockets and pollers, then DatabaseShutdown closes the pool and
// stops the embedded database (logging "stopped"); the process then ends by the same signal.
app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
await app.listen(config.port, '0.0.0.0');

const url = `http://localhost:${config.port}`;
const facts = {
  url,
  docsUrl: `${url}/api/docs`,
  dashboardUrl: findDashboardDirectory() ? `${url}/` : undefined,
  database: database.embedded ? `embedded Postgres in ${config.dataDir}` : 'DATABASE_URL',
  email: config.email.smtpUrl ? `SMTP ${maskedSmtpUrl(config.email.smtpUrl)}` : 'outbox only (SMTP_URL unset)',
  adminKey: app.get(DemoOrganizationSeeder).createdAdminKey,
};
if (logsArePretty()) {
  // A person is watching: the banner is the last thing on the screen, the key ready to paste.
  process.stdout.write(startupBanner(facts));
} else {
  log.info(facts, `Agent Squad listening on ${url} (API docs: ${facts.docsUrl})`);
}
