import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import type { EventMetadata } from '../src/platform/event-store/event.types.js';
import { streamId } from '../src/platform/event-store/stream-id.js';
import { PlatformModule } from '../src/platform/platform.module.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * How long a follower waits for an event, with the horizon bounded by our own appends
 * (`event_store_horizon()`, what EventStore.readAll uses) next to the previous technique measured in
 * the same run (reading below `pg_snapshot_xmin`, the oldest transaction of the whole server):
 * 8 writers append continuously while one follower polls; once quiet, once with a write
 * transaction held open in another database of the same server.
 *   npm run bench:follower-horizon       (DATABASE_URL, or an embedded Postgres)
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WRITERS = 8;
const HOLD_MS = 2_000;
const metadata: EventMetadata = { tenantId: 'bench', actor: { kind: 'system', id: 'bench' }, correlationId: 'bench', causationId: null };

type Horizon = 'ours' | 'server_xmin';

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const other = await createScratchDatabase(server.url, 'agent_squad_bench_other');
const config = loadConfig({ LOG_LEVEL: 'error', DATABASE_URL: database.url });
const context = await NestFactory.createApplicationContext(PlatformModule.forRoot({ config, databaseUrl: database.url }), {
  logger: ['error'],
});
const store = context.get(EventStore);
const reader = new pg.Pool({ connectionString: database.url, max: 1 });

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** One follower read: the store's own, or the same query below the server-wide xmin. */
async function read(horizon: Horizon, after: number): Promise<number[]> {
  if (horizon === 'ours') return (await store.readAll({ after, limit: 500 })).map((event) => event.position);
  const { rows } = await reader.query<{ position: string }>(
    `SELECT position FROM events WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY position LIMIT 500`,
    [after],
  );
  return rows.map((row) => Number(row.position));
}

async function measure(horizon: Horizon, holdOpen: boolean) {
  const appendedAt = new Map<number, number>();
  const seenAt = new Map<number, number>();
  let reads = 0;
  let readMs = 0;
  let writing = true;
  let after = (await store.readAll({ after: 0, limit: 1_000_000 })).at(-1)?.position ?? 0;
  let holder: pg.Client | undefined;
  if (holdOpen) {
    holder = new pg.Client({ connectionString: other.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('CREATE TEMP TABLE held (id int)');
    await holder.query('INSERT INTO held VALUES (1)');
    setTimeout(() => void holder!.query('ROLLBACK').then(() => holder!.end()), HOLD_MS);
  }
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let n = 0; writing; n++) {
      const { events } = await store.append(streamId('bench', `${w}-${n % 16}`), [{ type: 'Ticked', data: { w, n } }], {
        expectedVersion: 'any',
        metadata,
      });
      appendedAt.set(events[0].position, performance.now());
    }
  });
  let writersDone = false;
  void Promise.all(writers).then(() => (writersDone = true));
  const stopAt = performance.now() + SECONDS * 1000;
  setTimeout(() => (writing = false), SECONDS * 1000);
  await Promise.all([
    ...writers,
    (async () => {
      while (writing || performance.now() < stopAt + HOLD_MS + 1_000) {
        const started = performance.now();
        const positions = await read(horizon, after);
        readMs += performance.now() - started;
        reads++;
        const now = performance.now();
        for (const position of positions) {
          seenAt.set(position, now);
          after = position;
        }
        if (writersDone && seenAt.size >= appendedAt.size) break;
        if (positions.length === 0) await new Promise((done) => setTimeout(done, 2));
      }
    })(),
  ]);
  // An event seen before its append's promise resolved here waited 0 ms.
  const lags = [...appendedAt]
    .map(([position, appended]) => Math.max(0, (seenAt.get(position) ?? Infinity) - appended))
    .sort((a, b) => a - b);
  const unseen = [...appendedAt.keys()].filter((position) => !seenAt.has(position));
  if (unseen.length > 0)
    console.log(
      `${horizon}${holdOpen ? ' held' : ''}: ${unseen.length} not seen, e.g. ${unseen.slice(0, 5).join(', ')} (last read after ${after})`,
    );
  return {
    events: lags.length,
    p50: percentile(lags, 0.5),
    p99: percentile(lags, 0.99),
    max: lags.at(-1) ?? NaN,
    readUs: (readMs / reads) * 1000,
  };
}

try {
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const holdOpen of [false, true])
    for (const horizon of ['server_xmin', 'ours'] as const)
      results[`${horizon}${holdOpen ? '_held' : ''}`] = await measure(horizon, holdOpen);
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'nan');
  for (const [name, r] of Object.entries(results))
    console.log(
      `${name.padEnd(16)} events ${String(r.events).padStart(6)}  lag p50 ${fmt(r.p50).padStart(7)} ms  p99 ${fmt(r.p99).padStart(7)} ms  max ${fmt(r.max).padStart(7)} ms  read ${fmt(r.readUs).padStart(7)} µs`,
    );
  console.log(
    `RESULT ${Object.entries(results)
      .map(([name, r]) => `${name}_p99_ms=${fmt(r.p99)} ${name}_read_us=${fmt(r.readUs)}`)
      .join(' ')} hold_ms=${HOLD_MS}`,
  );
} finally {
  await reader.end();
  await context.close();
  await database.drop();
  await other.drop();
  await server.stop();
}
