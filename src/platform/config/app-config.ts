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
  /** PSA webhook deliveries (src/integrations/psa). */
  psa: PsaConfig;
  /** The AI assessment of escalations (src/handoffs). */
  handoffAssessment: HandoffAssessmentConfig;
  /** Drafting a resolution's documents (src/resolutions): RESOLUTION_DRAFT_* with the same meanings. */
  resolutionDrafts: HandoffAssessmentConfig;
  /** Outbound e-mail (src/integrations/email). */
  email: EmailConfig;
  /** Retention of read models and operational tables (src/retention). */
  retention: RetentionConfig;
  /** Feature pipelines' phases (src/pipelines). */
  pipelines: PipelinesConfig;
}

export interface RetentionConfig {
  /** The daily sweep runs at this hour, UTC, 0–23 (RETENTION_SWEEP_HOUR_UTC). */
  sweepHourUtc: number;
}

export interface PipelinesConfig {
  /** A phase attempt not finished after this long fails with `timeout` (PIPELINE_PHASE_TIMEOUT_SECONDS). */
  phaseTimeoutMs: number;
  /** A model error is tried again after this wait, doubling per try (PIPELINE_PHASE_BACKOFF_BASE_MS). */
  backoffBaseMs: number;
  /** No wait between tries is longer than this (PIPELINE_PHASE_BACKOFF_MAX_MS). */
  backoffMaxMs: number;
  /** Tries of one attempt before the phase fails with the model's error (PIPELINE_PHASE_MAX_TRIES). */
  maxAttempts: number;
}

export interface EmailConfig {
  /**
   * smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start) (SMTP_URL).
   * Unset → nothing is sent: messages stay in the outbox as `stored`. It holds credentials: never
   * log it or return it; `maskedSmtpUrl` is the form that may be shown.
   */
  smtpUrl: string | undefined;
  /** The From header, `Name <address>` or a bare address (SMTP_FROM). */
  from: string;
  /** Connecting, the greeting and each wait for an answer are abandoned after this long (EMAIL_TIMEOUT_MS). */
  timeoutMs: number;
  /** The wait before the second try; it doubles per try (EMAIL_BACKOFF_BASE_MS). */
  backoffBaseMs: number;
  /** No wait between tries is longer than this (EMAIL_BACKOFF_MAX_MS). */
  backoffMaxMs: number;
  /** Tries per message (or per hand retry) before it is `failed` (EMAIL_MAX_ATTEMPTS). */
  maxAttempts: number;
}

export interface HandoffAssessmentConfig {
  /** The wait before the second try; it doubles per try (HANDOFF_ASSESSMENT_BACKOFF_BASE_MS). */
  backoffBaseMs: number;
  /** No wait between tries is longer than this (HANDOFF_ASSESSMENT_BACKOFF_MAX_MS). */
  backoffMaxMs: number;
  /** Tries before the escalation is recorded as not assessed (HANDOFF_ASSESSMENT_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** One try's model call is abandoned after this long (HANDOFF_ASSESSMENT_TIMEOUT_MS). */
  timeoutMs: number;
}

export interface PsaConfig {
  /**
   * Let webhook URLs point at loopback, private, link-local and metadata addresses (PSA_ALLOW_PRIVATE_URLS).
   * Off by default: an admin key must not turn the server into a proxy into its own network.
   */
  allowPrivateUrls: boolean;
  /** One delivery attempt is abandoned after this long (PSA_TIMEOUT_MS). */
  timeoutMs: number;
  /** The wait before the second try; it doubles per try (PSA_BACKOFF_BASE_MS). */
  backoffBaseMs: number;
  /** No wait between tries is longer than this, Retry-After included (PSA_BACKOFF_MAX_MS). */
  backoffMaxMs: number;
  /** Tries per delivery (or per manual retry) before it is `failed` (PSA_MAX_ATTEMPTS). */
  maxAttempts: number;
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

/** SMTP_URL parsed enough to refuse a typo at start; the message never repeats the value (it holds a password). */
function smtpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidConfigError('SMTP_URL must be a URL such as smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '')
    throw new InvalidConfigError('SMTP_URL must be an smtp:// or smtps:// URL with a host');
  return raw;
}

/** The address inside `Name <address>`, or the whole value when it is a bare address. */
export function senderAddress(from: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(from);
  return (angled ? angled[1] : from).trim();
}

function smtpFrom(env: NodeJS.ProcessEnv): string {
  const from = env.SMTP_FROM || 'Agent Squad <no-reply@localhost>';
  if (/[\r\n]/.test(from) || !/^[^\s@<>]+@[^\s@<>]+$/.test(senderAddress(from)))
    throw new InvalidConfigError(`SMTP_FROM must be an address or "Name <address>", got "${from}"`);
  return from;
}

/** SMTP_URL for a banner or a log line: the scheme, host and port, with any user and password replaced. */
export function maskedSmtpUrl(raw: string): string {
  const url = new URL(raw);
  const credentials = url.username || url.password ? '***@' : '';
  return `${url.protocol}//${credentials}${url.host}`;
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
    psa: {
      allowPrivateUrls: boolean(env, 'PSA_ALLOW_PRIVATE_URLS', false),
      timeoutMs: integer(env, 'PSA_TIMEOUT_MS', 10_000, 1),
      backoffBaseMs: integer(env, 'PSA_BACKOFF_BASE_MS', 30_000, 1),
      backoffMaxMs: integer(env, 'PSA_BACKOFF_MAX_MS', 3_600_000, 1),
      maxAttempts: integer(env, 'PSA_MAX_ATTEMPTS', 8, 1),
    },
    handoffAssessment: {
      backoffBaseMs: integer(env, 'HANDOFF_ASSESSMENT_BACKOFF_BASE_MS', 2_000, 1),
      backoffMaxMs: integer(env, 'HANDOFF_ASSESSMENT_BACKOFF_MAX_MS', 300_000, 1),
      maxAttempts: integer(env, 'HANDOFF_ASSESSMENT_MAX_ATTEMPTS', 5, 1),
      timeoutMs: integer(env, 'HANDOFF_ASSESSMENT_TIMEOUT_MS', 30_000, 1),
    },
    resolutionDrafts: {
      backoffBaseMs: integer(env, 'RESOLUTION_DRAFT_BACKOFF_BASE_MS', 5_000, 1),
      backoffMaxMs: integer(env, 'RESOLUTION_DRAFT_BACKOFF_MAX_MS', 600_000, 1),
      maxAttempts: integer(env, 'RESOLUTION_DRAFT_MAX_ATTEMPTS', 5, 1),
      timeoutMs: integer(env, 'RESOLUTION_DRAFT_TIMEOUT_MS', 60_000, 1),
    },
    pipelines: {
      phaseTimeoutMs: integer(env, 'PIPELINE_PHASE_TIMEOUT_SECONDS', 600, 1) * 1000,
      backoffBaseMs: integer(env, 'PIPELINE_PHASE_BACKOFF_BASE_MS', 2_000, 1),
      backoffMaxMs: integer(env, 'PIPELINE_PHASE_BACKOFF_MAX_MS', 60_000, 1),
      maxAttempts: integer(env, 'PIPELINE_PHASE_MAX_TRIES', 3, 1),
    },
    email: {
      smtpUrl: smtpUrl(env),
      from: smtpFrom(env),
      timeoutMs: integer(env, 'EMAIL_TIMEOUT_MS', 30_000, 1),
      backoffBaseMs: integer(env, 'EMAIL_BACKOFF_BASE_MS', 60_000, 1),
      backoffMaxMs: integer(env, 'EMAIL_BACKOFF_MAX_MS', 3_600_000, 1),
      maxAttempts: integer(env, 'EMAIL_MAX_ATTEMPTS', 8, 1),
    },
    retention: { sweepHourUtc: hourOfDay(env, 'RETENTION_SWEEP_HOUR_UTC', 3) },
  };
}

function hourOfDay(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const hour = integer(env, name, fallback);
  if (hour > 23) throw new InvalidConfigError(`${name} must be an hour from 0 to 23, got "${env[name]}"`);
  return hour;
}
