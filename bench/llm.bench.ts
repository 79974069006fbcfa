/**
 * Language-model gateway overhead: the same chat call against a loopback OpenAI-compatible server,
 * through the gateway (fallback chain, circuit breaker, rate limiter, usage ledger) and through the
 * bare `openai` client, interleaved in rounds so both see the same machine state. Then the latency
 * of a call answered from the Postgres response cache.
 *
 *   npm run bench:llm            (DATABASE_URL, or an embedded Postgres in a temporary folder)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import pg from 'pg';
import { createDataSource, migrate } from '../src/platform/database/data-source.js';
import { Database } from '../src/platform/database/database.js';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres.js';
import { PostgresLlmCache } from '../src/platform/llm/cache/llm-cache.js';
import { parseLlmSettings } from '../src/platform/llm/llm-config.js';
import { LlmGateway } from '../src/platform/llm/llm-gateway.js';
import { providerChain } from '../src/platform/llm/llm.module.js';
import { systemClock } from '../src/platform/llm/reliability/llm-clock.js';
import { UsageRecorder } from '../src/platform/llm/usage/usage-recorder.js';
import { startOpenAiLoopbackServer } from './support/openai-loopback-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 200);
const CACHED_CALLS = Number(process.env.BENCH_CACHED_CALLS ?? 1000);
const out = (line: string) => process.stdout.write(`${line}\n`);

async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'agent-squad-bench-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: 56000 + Math.floor(Math.random() * 2000), database: 'postgres' });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const name = `agent_squad_bench_llm_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), 2);
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      await stopEmbedded?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function timeCalls(count: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call(i);
    times.push(performance.now() - started);
  }
  return times;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main(): Promise<void> {
  const server = await startOpenAiLoopbackServer();
  const database = await benchDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const db = new Database(pool);
  const settings = parseLlmSettings({
    LLM_1_NAME: 'loopback',
    LLM_1_BASE_URL: server.baseUrl,
    LLM_1_MODEL: 'bench-model',
    LLM_1_PRICE_IN: '0.001',
    LLM_1_PRICE_OUT: '0.002',
    LLM_OFFLINE_FALLBACK: 'false',
  });
  // The production defaults: usage written in batches every 200 ms.
  const usage = new UsageRecorder(db, 200);
  const gateway = new LlmGateway({ settings, providers: providerChain(settings, systemClock), cache: new PostgresLlmCache(db), usage });
  const bare = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench', maxRetries: 0 });
  const messages = [
    { role: 'user' as const, content: 'Summarize the incident in one sentence: the VPN drops every ten minutes since 4.2.' },
  ];

  const viaBare = (i: number) =>
    bare.chat.completions.create({ model: 'bench-model', messages, temperature: 0.2, max_tokens: 64, user: String(i) });
  // temperature 0.2: not cached, so every gateway call reaches the server like the bare one.
  const viaGateway = () => gateway.chat({ tenantId: 'bench', purpose: 'summarize', messages, temperature: 0.2, maxTokens: 64 });

  await timeCalls(300, viaBare);
  await timeCalls(300, viaGateway);
  const bareTimes: number[] = [];
  const gatewayTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first so neither always runs on a warmer process.
    if (round % 2 === 0) {
      bareTimes.push(...(await timeCalls(CALLS_PER_ROUND, viaBare)));
      gatewayTimes.push(...(await timeCalls(CALLS_PER_ROUND, viaGateway)));
    } else {
      gatewayTimes.push(...(await timeCalls(CALLS_PER_ROUND, viaGateway)));
      bareTimes.push(...(await timeCalls(CALLS_PER_ROUND, viaBare)));
    }
  }
  const bareMean = sum(bareTimes) / bareTimes.length;
  const gatewayMean = sum(gatewayTimes) / gatewayTimes.length;

  const cachedRequest = { tenantId: 'bench', purpose: 'summarize', messages, temperature: 0 };
  await gateway.chat(cachedRequest);
  await timeCalls(100, () => gateway.chat(cachedRequest));
  const cachedTimes = await timeCalls(CACHED_CALLS, () => gateway.chat(cachedRequest));
  const cachedMean = sum(cachedTimes) / cachedTimes.length;
  const served = server.requestCount('/chat/completions');
  await usage.flush();
  const [{ count }] = await db.query<{ count: string }>('SELECT count(*) FROM llm_usage');

  out(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
  out(`calls: ${ROUNDS} rounds × ${CALLS_PER_ROUND} per path, sequential; ${served} requests served; ${count} usage rows`);
  out(
    `bare openai client: mean ${bareMean.toFixed(3)} ms, p50 ${percentile(bareTimes, 50).toFixed(3)} ms, p99 ${percentile(bareTimes, 99).toFixed(3)} ms`,
  );
  out(
    `through the gateway: mean ${gatewayMean.toFixed(3)} ms, p50 ${percentile(gatewayTimes, 50).toFixed(3)} ms, p99 ${percentile(gatewayTimes, 99).toFixed(3)} ms`,
  );
  out(`gateway overhead: ${(gatewayMean - bareMean).toFixed(3)} ms per call`);
  out(
    `cached call (Postgres hit): mean ${cachedMean.toFixed(3)} ms, p50 ${percentile(cachedTimes, 50).toFixed(3)} ms, p99 ${percentile(cachedTimes, 99).toFixed(3)} ms`,
  );

  await server.close();
  await pool.end();
  await database.drop();
  out(`RESULT overhead_ratio=${(gatewayMean / bareMean).toFixed(3)} cached_call_ms=${cachedMean.toFixed(3)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
