/** Tuning of the registry's background work; tests shrink the intervals. */
export interface RegistryOptions {
  /** Executions run at most this many at a time per process. */
  concurrency: number;
  /** The queue worker looks for work at least this often, besides waking on each append. */
  pollMs: number;
  /** A claimed execution whose process stops renewing it is claimable again after this long. */
  leaseMs: number;
  /** An execution interrupted this many times (crashes, shutdowns) is recorded as failed. */
  maxAttempts: number;
  /** Shipped YAML templates, offered by the templates endpoint and installable per tenant. */
  templatesDir?: string;
}

export const REGISTRY_OPTIONS = Symbol('REGISTRY_OPTIONS');

export const DEFAULT_REGISTRY_OPTIONS: RegistryOptions = { concurrency: 4, pollMs: 500, leaseMs: 60_000, maxAttempts: 5 };
