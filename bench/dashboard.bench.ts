// Page scripts (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { launchChromium, signInToDashboard } from './support/chromium.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * The dashboard's live feed under load, in headless Chromium: BENCH_RATE (300) events a second for
 * BENCH_SECONDS (20) s are appended to the organization's store while its feed page is open. The page
 * measures each event from append (`sentAt`, in the event) to its row in the DOM (a MutationObserver,
 * same machine clock); `dropped` counts events that never got a row; `heap_mb` is the page's JS heap
 * after a GC at the end (and halfway, to see it stays bounded: the feed keeps a window).
 *   npm run bench:dashboard               (DATABASE_URL, or an embedded Postgres)
 */
const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** Appends per second; each carries RATE / TICKS events. */
const TICKS = 100;
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const round = (n: number) => Math.round(n * 100) / 100;

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false', DATABASE_URL: database.url, PORT: '0' });
const app: NestExpressApplication = await createApp({ config, databaseUrl: database.url });
await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
const browser = await launchChromium();

try {
  const organization = await app.get(TenancyService).createOrganization('Bench', 'enterprise');
  const store = app.get(EventStore);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInToDashboard(page, url, organization.adminKey);
  await page.evaluate(() => {
    const latencies: number[] = [];
    const seen = new Set<number>();
    Object.assign(window, { benchLatencies: latencies, benchSeen: seen });
    new MutationObserver((records) => {
      const now = Date.now();
      for (const record of records)
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement) || !node.classList.contains('event')) continue;
          const match = /"seq":(\d+),"sentAt":(\d+)/.exec(node.querySelector('.data')?.textContent ?? '');
          if (!match || seen.has(Number(match[1]))) continue;
          seen.add(Number(match[1]));
          latencies.push(now - Number(match[2]));
        }
    }).observe(document.querySelector('main')!, { childList: true, subtree: true });
  });
  const cdp = await page.context().newCDPSession(page);
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return round((await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024);
  };
  const heapBefore = await heapMb();

  const metadata = {
    tenantId: organization.organizationId,
    actor: { kind: 'system' as const, id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
  };
  const perTick = Math.max(1, Math.round(RATE / TICKS));
  const ticks = SECONDS * TICKS;
  let seq = 0;
  let heapHalfway = 0;
  const started = Date.now();
  for (let tick = 0; tick < ticks; tick++) {
    const events = Array.from({ length: perTick }, () => ({ type: 'BenchFeedEvent', data: { seq: ++seq, sentAt: Date.now() } }));
    await store.append(`bench_feed-${tick % 50}`, events, { expectedVersion: 'any', metadata });
    if (tick === ticks / 2) heapHalfway = await heapMb();
    const due = started + ((tick + 1) * 1000) / TICKS;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  const elapsed = (Date.now() - started) / 1000;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await page.evaluate(() => (Reflect.get(window, 'benchSeen') as Set<number>).size)) < seq)
    await sleep(100);
  const latencies = (await page.evaluate(() => Reflect.get(window, 'benchLatencies') as number[])).sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const heapAfter = await heapMb();
  out(`sent ${seq} events in ${round(elapsed)} s (${round(seq / elapsed)}/s); rows seen ${latencies.length}`);
  out(`event→DOM ms: p50 ${at(50)} p95 ${at(95)} p99 ${at(99)} max ${latencies.at(-1)}`);
  out(
    `page heap MB after GC: before ${heapBefore}, halfway ${heapHalfway}, after ${heapAfter}; feed rows ${await page.locator('.event').count()}`,
  );
  out(`RESULT feed_event_p99_ms=${at(99)} dropped=${seq - latencies.length} heap_mb=${heapAfter}`);
} finally {
  await browser.close();
  await app.close();
  await database.drop();
  await server.stop();
}
