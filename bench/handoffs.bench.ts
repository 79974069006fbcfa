import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { sessionStreamId } from '../src/branching/index.js';
import type { SessionEvent } from '../src/branching/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * The team queue under load, over real HTTP:
 *   claim: BENCH_ROUNDS (20) items, each claimed by BENCH_CLAIMERS (50) operators at once (their own
 *          keys): every request's latency, and how many won per item (must be 1). Baseline in the same
 *          run: one claimer alone on an item, BENCH_ROUNDS times.
 *          A second baseline: fifty reads of an empty queue at once (what fifty requests cost here).
 *   list:  GET /api/v1/queue (20 a page; the first page and pages after random cursors) with
 *          BENCH_OPEN_ITEMS (10,000) open items, BENCH_LISTS (300) times. Baseline: the same on an
 *          organization whose queue is empty.
 *   npm run bench:handoffs               (DATABASE_URL, or an embedded Postgres)
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const CLAIMERS = Number(process.env.BENCH_CLAIMERS ?? 50);
const OPEN_ITEMS = Number(process.env.BENCH_OPEN_ITEMS ?? 10_000);
const LISTS = Number(process.env.BENCH_LISTS ?? 300);
const out = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (values: readonly number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const round = (n: number) => Math.round(n * 100) / 100;

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false', DATABASE_URL: database.url, PORT: '0' });
const app: NestExpressApplication = await createApp({ config, databaseUrl: database.url });
await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

try {
  const tenancy = app.get(TenancyService);
  const store = app.get(EventStore);
  const organization = await tenancy.createOrganization('Bench', 'enterprise');
  const empty = await tenancy.createOrganization('Empty', 'enterprise');
  const operator = async (organizationId: string, name: string) => (await tenancy.issueKey(organizationId, { name, role: 'operator' })).key;
  const keys = await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => operator(organization.organizationId, `claimer ${i}`)));
  const emptyKey = await operator(empty.organizationId, 'reader');
  const send = (path: string, key: string, method = 'GET', body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const request = async (path: string, key: string, method = 'GET', body?: unknown) => {
    const started = performance.now();
    const response = await send(path, key, method, body);
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  /** A session handed off through the API, as a user does it; its queue item. */
  const handedOff = async (key: string, priority: 'normal' | 'elevated') => {
    const session = await send('/api/v1/sessions', key, 'POST', { problem: 'VPN drops every hour' });
    const { id } = (await session.json()) as { id: string };
    const handoff = await send(`/api/v1/sessions/${id}/handoffs`, key, 'POST', { kind: 'escalate', notes: 'Needs the ISP', priority });
    return ((await handoff.json()) as { id: string }).id;
  };

  // Claims: the baseline (one claimer alone), then the contended rounds.
  const alone: number[] = [];
  for (let n = 0; n < ROUNDS; n++)
    alone.push((await request(`/api/v1/queue/${await handedOff(keys[0], 'normal')}/claim`, keys[n % CLAIMERS], 'POST')).ms);
  const contended: number[] = [];
  const winners: number[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    const item = await handedOff(keys[0], 'normal');
    const answers = await Promise.all(keys.map((key) => request(`/api/v1/queue/${item}/claim`, key, 'POST')));
    contended.push(...answers.map((answer) => answer.ms));
    winners.push(answers.filter((answer) => answer.status === 200).length);
    const others = answers.filter((answer) => answer.status !== 200 && answer.status !== 409);
    if (others.length > 0) throw new Error(`a claim answered ${others[0].status}`);
  }

  // The floor of fifty requests at once on this machine: fifty reads of an empty queue, same keys.
  const burst: number[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    const answers = await Promise.all(keys.map(() => request('/api/v1/queue', emptyKey)));
    burst.push(...answers.map((answer) => answer.ms));
  }

  // The open items: sessions and handoffs written straight to their streams (the inline projections
  // build the queue as the API would), 50 streams at a time; every tenth elevated.
  const seedStarted = performance.now();
  const actor = { kind: 'system' as const, id: 'bench' };
  for (let done = 0; done < OPEN_ITEMS; done += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, OPEN_ITEMS - done) }, async (_, i) => {
        const sessionId = randomUUID();
        const now = new Date().toISOString();
        const events: SessionEvent[] = [
          {
            type: 'SessionStarted',
            data: {
              sessionId,
              organizationId: organization.organizationId,
              squadId: null,
              problem: `Problem ${done + i}`,
              domain: null,
              title: null,
              rootBranchId: randomUUID(),
              startedBy: actor,
              startedAt: now,
            },
          },
          {
            type: 'SessionHandedOff',
            data: {
              sessionId,
              handoffId: randomUUID(),
              kind: 'park',
              notes: 'Waiting on the vendor',
              priority: (done + i) % 10 === 0 ? 'elevated' : 'normal',
              snapshot: {
                problem: `Problem ${done + i}`,
                domain: null,
                status: 'active',
                stepCount: 0,
                branches: [],
                activeBranch: null,
                attachmentNames: [],
                elapsedSeconds: 0,
                parkedSeconds: 0,
              },
              by: actor,
              at: now,
            },
          },
        ];
        await store.append(sessionStreamId(sessionId), events, {
          expectedVersion: 0,
          metadata: { tenantId: organization.organizationId, actor, correlationId: sessionId, causationId: null },
        });
      }),
    );
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // Listing: the first page, and pages after cursors taken from a walk of the queue.
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (await send(`/api/v1/queue?limit=100${cursor ? `&cursor=${cursor}` : ''}`, keys[0])).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  const lists: number[] = [];
  const emptyLists: number[] = [];
  for (let n = 0; n < LISTS; n++) {
    const path = n % 3 === 0 ? '/api/v1/queue' : `/api/v1/queue?cursor=${cursors[Math.floor(Math.random() * cursors.length)]}`;
    lists.push((await request(path, keys[n % CLAIMERS])).ms);
    emptyLists.push((await request('/api/v1/queue', emptyKey)).ms);
  }

  out(`claim, one claimer alone (${ROUNDS}): p50 ${round(percentile(alone, 50))} ms, p99 ${round(percentile(alone, 99))} ms`);
  out(
    `claim, ${CLAIMERS} at once on one item (${ROUNDS} items, ${contended.length} requests): p50 ${round(percentile(contended, 50))} ms, ` +
      `p99 ${round(percentile(contended, 99))} ms; winners per item: ${[...new Set(winners)].join(', ')}`,
  );
  out(
    `baseline, ${CLAIMERS} reads of an empty queue at once (${burst.length}): p50 ${round(percentile(burst, 50))} ms, p99 ${round(percentile(burst, 99))} ms`,
  );
  out(`seeded ${OPEN_ITEMS} open items in ${round(seedSeconds)} s; walked ${cursors.length + 1} pages of 100`);
  out(`queue list, ${OPEN_ITEMS} open items (${LISTS}): p50 ${round(percentile(lists, 50))} ms, p99 ${round(percentile(lists, 99))} ms`);
  out(
    `queue list, empty queue (baseline, ${LISTS}): p50 ${round(percentile(emptyLists, 50))} ms, p99 ${round(percentile(emptyLists, 99))} ms`,
  );
  out(
    `RESULT claim_p99_ms=${round(percentile(contended, 99))} queue_list_p99_ms=${round(percentile(lists, 99))} ` +
      `winners=${Math.max(...winners) === 1 && Math.min(...winners) === 1 ? 1 : `${Math.min(...winners)}..${Math.max(...winners)}`} ` +
      `claim_p50_ms=${round(percentile(contended, 50))} claim_alone_p99_ms=${round(percentile(alone, 99))} ` +
      `burst_read_p99_ms=${round(percentile(burst, 99))} ` +
      `queue_list_p50_ms=${round(percentile(lists, 50))} queue_list_empty_p99_ms=${round(percentile(emptyLists, 99))}`,
  );
} finally {
  await app.close();
  await database.drop();
  await server.stop();
}
