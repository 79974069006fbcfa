/** Typed, validated environment. Read once at start; everything else receives an AppConfig. */
export interface AppConfig {
  port: number;
  /** Unset → an embedded Postgres is started in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: string;
  deadlinePollMs: number;
  /** Requests per minute per API key (per replica) before 429. */
  rateLimitPerMinute: number;
  /**
   * Requests per minute per client address (per replica) that present no valid API key (none, a
   * garbage or an unknown one) before 429: checked before the key lookup, so guessing is slow.
   */
  unauthenticatedRateLimitPerMinute: number;
  /** On an empty database, create a demo organization and print its admin key once. */
  demoOrganization: boolean;
  /**
   * How many milliseconds one second of a squad's interaction timeouts lasts: 1000 in production.
   * Routing keeps timeouts in whole seconds (at least 10); demos and tests shorten the unit to see a
   * question escalate in a moment instead of minutes.
   */
  interactionSecondMs: number;
}

export class InvalidConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new InvalidConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel)) {
    throw new InvalidConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  }
  return {
    port: integer(env, 'PORT', 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1),
    logLevel,
    deadlinePollMs: integer(env, 'DEADLINE_POLL_MS', 100, 5),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1),
    unauthenticatedRateLimitPerMinute: integer(env, 'UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE', 300, 1),
    demoOrganization: boolean(env, 'DEMO_ORGANIZATION', true),
    interactionSecondMs: integer(env, 'INTERACTION_SECOND_MS', 1000, 1),
  };
}
