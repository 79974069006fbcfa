import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/bootstrap.js';
import { PublishArticleCommand, RelevantArticlesQuery } from '../src/knowledge-base/index.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { Database } from '../src/platform/database/database.js';
import { systemContext } from '../src/platform/decider/command-context.js';
import { profiled } from './support/cpu-profile.js';
import { HttpCallers } from './support/http-callers.js';
import { type CpuSpent, cpuSpent } from './support/cpu-usage.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Knowledge-base search under load, over real HTTP with the offline embedding:
 *   seed:   BENCH_ARTICLES (10,000) articles published through PublishArticleCommand (each embedded,
 *           appended, projected inline), 16 at a time; ~70 words each, half from ~170 common support
 *           words (uniform), half from 5,000 product words (skewed), so a query word is in ~1 article in 6.
 *   search: BENCH_SEARCHES (3,000) GET /api/v1/knowledge-base/articles?q=<two or three words> from
 *           BENCH_CALLERS (16) concurrent callers (limit 10, highlights): p50/p99 and searches per second.
 *   baseline, same run and callers: GET /api/v1/knowledge-base/articles/{id}, a trivial read round trip.
 *   relevant: 100 RelevantArticlesQuery calls (what each branch prompt adds), one caller, in process.
 *   npm run bench:knowledge-base           (DATABASE_URL, or an embedded Postgres)
 *   BENCH_CPU_PROFILE=<file>.cpuprofile    profiles the search phase alone (Node's CPU)
 *   BENCH_CPU_PROFILE_GET=<file>.cpuprofile  profiles the baseline GET phase alone
 */
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 3_000);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 16);
const out = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (values: readonly number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const round = (n: number) => Math.round(n * 100) / 100;

/** A seeded generator, so every run searches the same corpus with the same queries. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const COMMON = (
  'outlook password printer offline vpn network drive mapped email mailbox sync onedrive sharepoint teams camera microphone ' +
  'license activation windows update driver spooler certificate expired firewall port dns record dhcp lease wifi signal laptop ' +
  'battery screen monitor docking station keyboard mouse bluetooth browser chrome edge cache cookie login account locked mfa ' +
  'token authenticator phone backup restore server disk space quota permission folder share group policy domain join rdp remote ' +
  'desktop slow performance crash freeze restart reboot install uninstall office excel word powerpoint calendar meeting invite ' +
  'archive attachment size limit spam quarantine phishing antivirus scan malware encryption bitlocker recovery key usb storage ' +
  'scanner copier toner paper jam queue error code timeout connection refused proxy gateway router switch cable ethernet ip ' +
  'address conflict latency packet loss voip call quality headset audio video codec stream upload download file corrupt version'
).split(' ');
const RARE = Array.from({ length: 5_000 }, (_, i) => `prod${i.toString(36)}`);
/** Rare words follow a Zipf-like skew (a few products come up often); common ones are uniform. */
const pick = (next: () => number, words: readonly string[], skew = 1) => words[Math.floor(next() ** skew * words.length)];
const sentence = (next: () => number, length: number) =>
  Array.from({ length }, () => (next() < 0.5 ? pick(next, COMMON) : pick(next, RARE, 2))).join(' ');

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
// One key makes every request: the per-key rate limit would measure itself, not the search.
const config = loadConfig({
  LOG_LEVEL: 'error',
  DEMO_ORGANIZATION: 'false',
  DATABASE_URL: database.url,
  PORT: '0',
  RATE_LIMIT_PER_MINUTE: '100000000',
});
const app: NestExpressApplication = await createApp({ config, databaseUrl: database.url });
await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

let callers: HttpCallers | undefined;
try {
  const tenancy = app.get(TenancyService);
  const commands = app.get(CommandBus);
  const organization = await tenancy.createOrganization('Bench', 'enterprise');
  const key = (await tenancy.issueKey(organization.organizationId, { name: 'reader', role: 'operator' })).key;

  const seedStarted = performance.now();
  const next = random(42);
  const ids: string[] = [];
  for (let done = 0; done < ARTICLES; done += CALLERS) {
    const batch = Array.from({ length: Math.min(CALLERS, ARTICLES - done) }, (_, i) => ({
      id: randomUUID(),
      title: `${sentence(next, 6)} ${done + i}`,
      content: Array.from({ length: 4 }, () => sentence(next, 15)).join('.\n\n'),
      tags: [pick(next, COMMON), pick(next, COMMON)],
    }));
    await Promise.all(
      batch.map((article) =>
        commands.execute(
          new PublishArticleCommand(
            systemContext({ tenantId: organization.organizationId, actor: { kind: 'system', id: 'bench' } }, new Date()),
            article.id,
            { title: article.title, content: article.content, tags: article.tags, source: { kind: 'hand_written' } },
          ),
        ),
      ),
    );
    ids.push(...batch.map((article) => article.id));
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const queries = Array.from({ length: SEARCHES }, () => sentence(next, next() < 0.5 ? 2 : 3));
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${Buffer.from(body).toString()}`);
    return { ms: performance.now() - started, body };
  };
  // The callers run in a process of their own (support/http-callers.ts), not on the server's event loop.
  const http = new HttpCallers(url, { authorization: `Bearer ${key}` });
  callers = http;
  /** `count` requests from CALLERS concurrent callers: each latency, and the wall time. */
  const load = (count: number, path: (n: number) => string) =>
    http.load(
      Array.from({ length: count }, (_, n) => path(n)),
      CALLERS,
    );

  // Statistics as autovacuum would leave them within a minute of the bulk load: measured right after a
  // 25 s seed, the planner still sees the empty table's (n_mod_since_analyze = every row), and what the
  // run measures would depend on whether autovacuum's first pass happened to come by.
  await app.get(Database).query('ANALYZE kb_articles');
  // Warm both paths (connections, plans, caches) before measuring.
  await load(200, (n) => `/api/v1/knowledge-base/articles?q=${encodeURIComponent(queries[n % queries.length])}`);
  await load(200, (n) => `/api/v1/knowledge-base/articles/${ids[n % ids.length]}`);

  const { value: baseline, cpu: baselineCpu } = await cpuSpent(() =>
    profiled(process.env.BENCH_CPU_PROFILE_GET, () =>
      load(SEARCHES, (n) => `/api/v1/knowledge-base/articles/${ids[(n * 7919) % ids.length]}`),
    ),
  );
  let hits = 0;
  let empty = 0;
  const { value: search, cpu: searchCpu } = await cpuSpent(() =>
    profiled(process.env.BENCH_CPU_PROFILE, () =>
      load(SEARCHES, (n) => `/api/v1/knowledge-base/articles?q=${encodeURIComponent(queries[n])}`),
    ),
  );
  for (const q of queries.slice(0, 200)) {
    const { items } = JSON.parse(
      Buffer.from((await get(`/api/v1/knowledge-base/articles?q=${encodeURIComponent(q)}`)).body).toString(),
    ) as {
      items: unknown[];
    };
    hits += items.length;
    if (items.length === 0) empty++;
  }

  // What a branch prompt adds: the top 3 articles for a problem and a message (any word may match), one caller.
  const queryBus = app.get(QueryBus);
  const relevant: number[] = [];
  for (let n = 0; n < 100; n++) {
    const started = performance.now();
    await queryBus.execute(new RelevantArticlesQuery(organization.organizationId, `${sentence(next, 12)}\n${sentence(next, 8)}`, 3));
    relevant.push(performance.now() - started);
  }

  out(`seeded ${ARTICLES} articles through PublishArticleCommand in ${round(seedSeconds)} s (${round(ARTICLES / seedSeconds)}/s)`);
  out(
    `baseline, GET one article, ${CALLERS} concurrent (${SEARCHES}): p50 ${round(percentile(baseline.latencies, 50))} ms, ` +
      `p99 ${round(percentile(baseline.latencies, 99))} ms, ${round(SEARCHES / baseline.seconds)}/s`,
  );
  out(
    `search over ${ARTICLES} articles, ${CALLERS} concurrent (${SEARCHES}): p50 ${round(percentile(search.latencies, 50))} ms, ` +
      `p99 ${round(percentile(search.latencies, 99))} ms, ${round(SEARCHES / search.seconds)}/s; ` +
      `sampled 200 queries: ${round(hits / 200)} hits each on average, ${empty} with none`,
  );
  const perRequest = (cpu: CpuSpent) =>
    `CPU per request: ${round(cpu.processMs / SEARCHES)} ms in the app's process, ` +
    `${cpu.machineMs === undefined ? '?' : round((cpu.machineMs - cpu.processMs) / SEARCHES)} ms elsewhere (Postgres, the callers' process, other load)`;
  out(`  baseline ${perRequest(baselineCpu)}`);
  out(`  search   ${perRequest(searchCpu)}`);
  out(
    `relevant articles for a prompt (20 words, any may match), one caller (100): p50 ${round(percentile(relevant, 50))} ms, p99 ${round(percentile(relevant, 99))} ms`,
  );
  out(
    `RESULT kb_search_p99_ms=${round(percentile(search.latencies, 99))} kb_search_per_s=${round(SEARCHES / search.seconds)} ` +
      `kb_search_p50_ms=${round(percentile(search.latencies, 50))} baseline_get_p99_ms=${round(percentile(baseline.latencies, 99))} ` +
      `baseline_get_per_s=${round(SEARCHES / baseline.seconds)} kb_relevant_p50_ms=${round(percentile(relevant, 50))} articles=${ARTICLES} callers=${CALLERS}`,
  );
} finally {
  callers?.close();
  await app.close();
  await database.drop();
  await server.stop();
}
