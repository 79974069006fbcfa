import type { NestExpressApplication } from '@nestjs/platform-express';
import { type ExtraParts, createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/platform/config/app-config.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Boots the real application (same bootstrap as `npm start`) on a random port against a fresh
 * database. `env` overrides configuration (e.g. { DEADLINE_POLL_MS: '20' }); `extra` mounts
 * test-only modules and controllers beside it.
 */
export async function startTestApp(env: Record<string, string> = {}, extra: ExtraParts = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, PORT: '0', DATABASE_URL: database.url });
  const app = await createApp({ config, databaseUrl: database.url }, extra);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A second replica: the same application booted on another port against `first`'s database. */
export async function startReplica(
  first: TestApp,
  env: Record<string, string> = {},
): Promise<{ app: NestExpressApplication; url: string }> {
  const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', ...env, PORT: '0', DATABASE_URL: first.database.url });
  const app = await createApp({ config, databaseUrl: first.database.url });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}
