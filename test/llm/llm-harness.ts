import pg from 'pg';
import { Database } from '../../src/platform/database/database.js';
import { PostgresLlmCache } from '../../src/platform/llm/cache/llm-cache.js';
import { type LlmSettings, type ProviderConfig, parseLlmSettings } from '../../src/platform/llm/llm-config.js';
import { LlmGateway } from '../../src/platform/llm/llm-gateway.js';
import { providerChain } from '../../src/platform/llm/llm.module.js';
import type { LlmClock } from '../../src/platform/llm/reliability/llm-clock.js';
import { UsageRecorder } from '../../src/platform/llm/usage/usage-recorder.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

/**
 * A clock whose `sleep` returns at once and moves time forward, so backoff, Retry-After and circuit
 * cool-downs are checked by value, in milliseconds of test time. `sleeps` lists every wait asked for.
 */
export class FakeClock implements LlmClock {
  readonly sleeps: number[] = [];

  constructor(public time = Date.parse('2025-03-10T12:00:00Z')) {}

  now(): number {
    return this.time;
  }

  random(): number {
    return 0.5;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface LlmHarness {
  db: Database;
  clock: FakeClock;
  servers: OpenAiTestServer[];
  /** A gateway over the given servers (in order); `offline` appends the offline model. */
  gateway(options?: {
    offline?: boolean;
    settings?: Partial<LlmSettings>;
    provider?: (index: number) => Partial<ProviderConfig>;
  }): LlmGateway;
  usageRows(): Promise<UsageRow[]>;
  close(): Promise<void>;
}

export interface UsageRow {
  tenant_id: string | null;
  squad_id: string | null;
  agent_slug: string | null;
  purpose: string;
  kind: string;
  provider: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  latency_ms: number;
  cached: boolean;
  served_because: string | null;
  outcome: string;
  attempts: number;
  error: string | null;
  created_at: Date;
}

export async function llmHarness(serverCount = 2): Promise<LlmHarness> {
  const database: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // pool.end() resolves before idle sockets finish closing; the DROP DATABASE of teardown then
  // reports on them. Errors of queries in a test still reach the test through their promises.
  pool.on('error', () => undefined);
  const db = new Database(pool);
  const clock = new FakeClock();
  const servers = await Promise.all(Array.from({ length: serverCount }, () => startOpenAiTestServer()));
  const gateways: LlmGateway[] = [];
  return {
    db,
    clock,
    servers,
    gateway({ offline = false, settings = {}, provider = () => ({}) } = {}) {
      const env: Record<string, string> = { LLM_OFFLINE_FALLBACK: String(offline) };
      servers.forEach((server, i) => {
        env[`LLM_${i + 1}_NAME`] = `p${i + 1}`;
        env[`LLM_${i + 1}_BASE_URL`] = server.baseUrl;
        env[`LLM_${i + 1}_MODEL`] = `model-${i + 1}`;
        env[`LLM_${i + 1}_EMBEDDING_MODEL`] = `embed-${i + 1}`;
      });
      if (servers.length === 0 && !offline) throw new Error('a gateway needs servers or the offline model');
      const parsed = parseLlmSettings(env);
      const full: LlmSettings = {
        ...parsed,
        providers: parsed.providers.map((config, i) => ({ ...config, ...provider(i) })),
        timeoutMs: 2000,
        backoffBaseMs: 100,
        circuitFailures: 2,
        circuitCooldownMs: 10_000,
        ...settings,
      };
      const gateway = new LlmGateway({
        settings: full,
        providers: providerChain(full, clock),
        cache: new PostgresLlmCache(db),
        usage: new UsageRecorder(db, 0),
        clock,
      });
      gateways.push(gateway);
      return gateway;
    },
    async usageRows() {
      await Promise.all(gateways.map((gateway) => gateway.flushUsage()));
      return db.query<UsageRow>('SELECT * FROM llm_usage ORDER BY id');
    },
    async close() {
      await Promise.all(gateways.map((gateway) => gateway.flushUsage()));
      await Promise.all(servers.map((server) => server.close()));
      await pool.end();
      await database.drop();
    },
  };
}

export const ask = (content: string) => ({ tenantId: 'org-1', purpose: 'reply', messages: [{ role: 'user' as const, content }] });
