/**
 * Language-model gateway overhead: the same chat call against a loopback OpenAI-compatible server,
 * through the gateway (fallback chain, circuit breaker, rate limiter, usage ledger) and through the
 * bare `openai` client, interleaved in rounds so both see the same machine state. Then the latency
 * of a call answered from the Postgres response cache. Then the budget check: reserving a call's
 * estimate against an organization budget (one statement, on the call's path) and settling its
 * actual (queued, written behind the calls in batches), alone and as it adds to a gateway call
 * (interleaved with the same calls without budgets). The settlements are not free because they
 * are off the path: each figure includes writing the ones still queued at its end, and the run
 * checks that the ledger adds up (every settlement written, nothing left reserved).
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
import { PostgresBudgetGuard, SETTLEMENT_FLUSH_MS } from '../src/budgets/application/postgres-budget-guard.js';
import { reservationLeaseMs } from '../src/platform/llm/budget/budgeted-chain.js';
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
const BUDGET_CHECKS = Number(process.env.BENCH_BUDGET_CHECKS ?? 2000);
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

/** The bench budget's ledger: spent and reserved on its row, reservations in flight. */
async function spendOfBenchBudget(db: Database): Promise<{ spentTokens: number; reservedTokens: number; reservations: number }> {
  const [row] = await db.query<{ spent: string; reserved: string; reservations: string }>(
    `SELECT coalesce(sum(spent_tokens), 0) AS spent, coalesce(sum(reserved_tokens), 0) AS reserved,
            (SELECT count(*) FROM budget_reservations WHERE tenant_id = 'bench-budget') AS reservations
       FROM budget_spend WHERE tenant_id = 'bench-budget'`,
  );
  return { spentTokens: Number(row.spent), reservedTokens: Number(row.reserved), reservations: Number(row.reservations) };
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

  // The very body the gateway's provider sends (it adds `stream: false`, and no `user`), so both paths send the same request.
  const viaBare = () => bare.chat.completions.create({ model: 'bench-model', messages, temperature: 0.2, max_tokens: 64, stream: false });
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
  // Budgets: one block budget far from its limit on the organization, so every check takes the conditional path.
  await db.query(
    `INSERT INTO budgets (tenant_id, budget_id, scope, scope_id, period, mode, limit_usd, limit_tokens, thresholds, stream_version, updated_at)
     VALUES ('bench-budget', 'organization:month', 'organization', NULL, 'month', 'block', 1000000000, NULL, '{1}', 1, now())`,
  );
  const guard = new PostgresBudgetGuard(db, { announce: () => Promise.resolve() }, SETTLEMENT_FLUSH_MS); // as in production
  const charge = {
    tenantId: 'bench-budget',
    scope: undefined,
    estimate: { tokens: 90, costUsd: 0.00018 },
    holdForMs: reservationLeaseMs(settings.totalTimeoutMs, 'call'),
  };
  // What a call waits on: the reservation, and handing its settlement to the writer (written behind it).
  const check = async () => {
    const verdict = await guard.reserve({ ...charge, now: Date.now() });
    if (verdict.kind !== 'allow') throw new Error(`the bench budget refused a call: ${verdict.kind}`);
    verdict.reservation.settle({ tokens: 80, costUsd: 0.00016 });
  };
  await timeCalls(200, check);
  await guard.flush();
  // The floor any check stands on: one round trip to Postgres, measured alongside.
  const roundTrip = () => db.query('SELECT 1');
  await timeCalls(200, roundTrip);
  const roundTripTimes = await timeCalls(BUDGET_CHECKS, roundTrip);
  const before = await spendOfBenchBudget(db);
  const checksStarted = performance.now();
  const checkTimes = await timeCalls(BUDGET_CHECKS, check);
  const flushStarted = performance.now();
  await guard.flush();
  const checksEnded = performance.now();
  // The figure: all the checks' time and the writing of the settlements left behind them, per check.
  const checkMean = (checksEnded - checksStarted) / BUDGET_CHECKS;
  const after = await spendOfBenchBudget(db);
  if (after.spentTokens - before.spentTokens !== 80 * BUDGET_CHECKS || after.reservedTokens !== 0 || after.reservations !== 0)
    throw new Error(`the ledger does not add up after the checks: ${JSON.stringify({ before, after })}`);
  const budgeted = new LlmGateway({ settings, providers: providerChain(settings, systemClock), cache: new PostgresLlmCache(db), usage });
  budgeted.enforceBudgets(guard);
  const viaBudgeted = () => budgeted.chat({ ...cachedRequest, tenantId: 'bench-budget', temperature: 0.2, maxTokens: 64 });
  await timeCalls(300, viaBudgeted);
  await guard.flush();
  const plainTimes: number[] = [];
  const budgetedTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pair = [
      async () => plainTimes.push(...(await timeCalls(CALLS_PER_ROUND / 2, viaGateway))),
      async () => {
        budgetedTimes.push(...(await timeCalls(CALLS_PER_ROUND / 2, viaBudgeted)));
        // The settlements still queued are the budgeted calls' cost too: the round's last one waits for them.
        budgetedTimes.push(budgetedTimes.pop()! + (await timeCalls(1, () => guard.flush()))[0]);
      },
    ];
    for (const run of round % 2 === 0 ? pair : pair.reverse()) await run();
  }
  const plainMean = sum(plainTimes) / plainTimes.length;
  const budgetedMean = sum(budgetedTimes) / budgetedTimes.length;
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

  out(
    `budget check (reserve + settle): ${checkMean.toFixed(3)} ms per call, the final flush (${(checksEnded - flushStarted).toFixed(3)} ms) included;` +
      ` per call waited on: mean ${(sum(checkTimes) / checkTimes.length).toFixed(3)} ms, p50 ${percentile(checkTimes, 50).toFixed(3)} ms, p99 ${percentile(checkTimes, 99).toFixed(3)} ms`,
  );
  out(`baseline: one Postgres round trip (SELECT 1) mean ${(sum(roundTripTimes) / roundTripTimes.length).toFixed(3)} ms`);
  out(`gateway call without budgets ${plainMean.toFixed(3)} ms, with an organization budget ${budgetedMean.toFixed(3)} ms (interleaved)`);

  await server.close();
  await pool.end();
  await database.drop();
  out(
    `RESULT overhead_ratio=${(gatewayMean / bareMean).toFixed(3)} cached_call_ms=${cachedMean.toFixed(3)} budget_check_overhead_ms=${checkMean.toFixed(3)}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
