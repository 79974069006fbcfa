/**
 * The gateway's configuration, read from the environment by a pure function.
 *
 * Providers are numbered from 1 in fallback order (LLM_1_* is tried first). Numbered variables
 * rather than one JSON value because they fit .env files, Docker and Kubernetes secrets, and let an
 * operator override a single key without re-quoting a document.
 */

export type JsonMode = 'json_schema' | 'json_object' | 'prompt';

export interface ProviderConfig {
  /** Shown in usage rows and on every answer. */
  name: string;
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Model for embeddings; a provider without one is skipped for embeddings. */
  embeddingModel: string | undefined;
  /** USD per 1,000 tokens. */
  priceIn: number;
  priceOut: number;
  /** Requests and tokens per minute; undefined means unlimited. */
  rpm: number | undefined;
  tpm: number | undefined;
  /** How structured output is asked for: OpenAI json_schema, plain json_object, or the prompt only. */
  jsonMode: JsonMode;
}

export interface LlmSettings {
  providers: ProviderConfig[];
  /** Append the offline model to the chain (it is the whole chain when no provider is configured). */
  offlineFallback: boolean;
  timeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this sends the call to the next provider instead of waiting. */
  maxRetryAfterMs: number;
  rateLimitMaxWaitMs: number;
  circuitFailures: number;
  circuitCooldownMs: number;
  cacheTtlSeconds: number;
}

export class LlmConfigError extends Error {
  override name = 'LlmConfigError';
}

const PROVIDER_KEYS = [
  'NAME',
  'BASE_URL',
  'API_KEY',
  'MODEL',
  'EMBEDDING_MODEL',
  'PRICE_IN',
  'PRICE_OUT',
  'RPM',
  'TPM',
  'JSON_MODE',
] as const;
const JSON_MODES: readonly JsonMode[] = ['json_schema', 'json_object', 'prompt'];
const PROVIDER_VARIABLE = /^LLM_(\d+)_(.+)$/;

type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function number(env: Env, name: string, fallback: number, { min = 0, integer = true } = {}): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new LlmConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function optionalLimit(env: Env, name: string): number | undefined {
  return present(env, name) === undefined ? undefined : number(env, name, 0, { min: 1 });
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new LlmConfigError(`${name} must be true or false, got "${raw}"`);
}

function providerNumbers(env: Env): number[] {
  const numbers = new Set<number>();
  for (const [name, value] of Object.entries(env)) {
    const match = PROVIDER_VARIABLE.exec(name);
    if (!match || value === undefined || value.trim() === '') continue;
    if (!(PROVIDER_KEYS as readonly string[]).includes(match[2])) {
      throw new LlmConfigError(`${name} is not a provider setting; expected one of LLM_n_${PROVIDER_KEYS.join(', LLM_n_')}`);
    }
    numbers.add(Number(match[1]));
  }
  const sorted = [...numbers].sort((a, b) => a - b);
  // A gap usually means a provider was half-removed; refuse rather than guess the order.
  sorted.forEach((n, index) => {
    if (n !== index + 1)
      throw new LlmConfigError(`LLM providers must be numbered 1, 2, 3… without gaps; found LLM_${n}_* after ${index} provider(s)`);
  });
  return sorted;
}

function parseProvider(env: Env, n: number): ProviderConfig {
  const key = (suffix: (typeof PROVIDER_KEYS)[number]) => `LLM_${n}_${suffix}`;
  const baseUrl = present(env, key('BASE_URL'));
  const model = present(env, key('MODEL'));
  if (!baseUrl) throw new LlmConfigError(`${key('BASE_URL')} is required when any LLM_${n}_* variable is set`);
  if (!model) throw new LlmConfigError(`${key('MODEL')} is required when any LLM_${n}_* variable is set`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LlmConfigError(`${key('BASE_URL')} must be an http(s) URL, got "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmConfigError(`${key('BASE_URL')} must be an http(s) URL, got "${baseUrl}"`);
  }
  const jsonMode = present(env, key('JSON_MODE')) ?? 'json_schema';
  if (!(JSON_MODES as readonly string[]).includes(jsonMode)) {
    throw new LlmConfigError(`${key('JSON_MODE')} must be one of ${JSON_MODES.join(', ')}, got "${jsonMode}"`);
  }
  return {
    name: present(env, key('NAME')) ?? url.host,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    // Local servers (Ollama, LM Studio, vLLM) accept any key; the client refuses an empty one.
    apiKey: present(env, key('API_KEY')) ?? 'not-needed',
    model,
    embeddingModel: present(env, key('EMBEDDING_MODEL')),
    priceIn: number(env, key('PRICE_IN'), 0, { integer: false }),
    priceOut: number(env, key('PRICE_OUT'), 0, { integer: false }),
    rpm: optionalLimit(env, key('RPM')),
    tpm: optionalLimit(env, key('TPM')),
    jsonMode: jsonMode as JsonMode,
  };
}

export function parseLlmSettings(env: Env): LlmSettings {
  const providers = providerNumbers(env).map((n) => parseProvider(env, n));
  const names = new Set<string>();
  for (const provider of providers) {
    if (names.has(provider.name))
      throw new LlmConfigError(`two LLM providers are named "${provider.name}"; set LLM_n_NAME to tell them apart`);
    names.add(provider.name);
  }
  const offlineFallback = boolean(env, 'LLM_OFFLINE_FALLBACK', true);
  const settings: LlmSettings = {
    providers,
    offlineFallback,
    timeoutMs: number(env, 'LLM_TIMEOUT_MS', 30_000, { min: 1 }),
    totalTimeoutMs: number(env, 'LLM_TOTAL_TIMEOUT_MS', 120_000, { min: 1 }),
    maxRetries: number(env, 'LLM_MAX_RETRIES', 2),
    backoffBaseMs: number(env, 'LLM_BACKOFF_BASE_MS', 250),
    backoffMaxMs: number(env, 'LLM_BACKOFF_MAX_MS', 8_000),
    maxRetryAfterMs: number(env, 'LLM_MAX_RETRY_AFTER_MS', 30_000),
    rateLimitMaxWaitMs: number(env, 'LLM_RATE_LIMIT_MAX_WAIT_MS', 10_000),
    circuitFailures: number(env, 'LLM_CIRCUIT_FAILURES', 3, { min: 1 }),
    circuitCooldownMs: number(env, 'LLM_CIRCUIT_COOLDOWN_MS', 30_000),
    cacheTtlSeconds: number(env, 'LLM_CACHE_TTL_SECONDS', 86_400),
  };
  if (providers.length === 0 && !offlineFallback) {
    throw new LlmConfigError('LLM_OFFLINE_FALLBACK=false needs at least one provider (LLM_1_BASE_URL, LLM_1_MODEL)');
  }
  return settings;
}
