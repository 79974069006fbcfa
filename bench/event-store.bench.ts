import 'reflect-metadata';
import os from 'node:os';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import type { EventMetadata } from '../src/platform/event-store/event.types.js';
import { streamId } from '../src/platform/event-store/stream-id.js';
import { PlatformModule } from '../src/platform/platform.module.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Event-store throughput next to a raw-INSERT baseline measured in the same run on the same server.
 *   npm run bench:event-store            (DATABASE_URL, or an embedded Postgres)
 */
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 16000);
const WRITERS = 16;
const STREAMS = 1000;
const metadata: EventMetadata = { tenantId: 'bench', actor: { kind: 'system', id: 'bench' }, correlationId: 'bench', causationId: null };
const payload = { title: 'A question about the deploy pipeline', body: 'x'.repeat(200), tags: ['ci', 'deploy'] };

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function inParallel(writers: number, total: number, work: (writer: number, n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = next++; n < total; n = next++) await work(writer, n);
    }),
  );
}

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DATABASE_URL: database.url });
const context = await NestFactory.createApplicationContext(PlatformModule.forRoot({ config, databaseUrl: database.url }), {
  logger: ['error'],
});
const store = context.get(EventStore);
const raw = new pg.Pool({ connectionString: database.url, max: WRITERS });

try {
  await raw.query('CREATE TABLE raw_events (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)');
  const settings = await raw.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'server_version')`,
  );

  // Warm up connections and plans.
  await inParallel(WRITERS, 200, async (w, n) => {
    await store.append(streamId('warm', String(n)), [{ type: 'Warm', data: payload }], { expectedVersion: 0, metadata });
    await raw.query('INSERT INTO raw_events (stream_id, data) VALUES ($1, $2)', [`warm-${n}`, payload]);
  });

  const sequentialSeconds = await timed(async () => {
    const id = streamId('bench', 'one');
    for (let version = 0; version < SEQUENTIAL; version++) {
      await store.append(id, [{ type: 'Benched', data: payload }], { expectedVersion: version, metadata });
    }
  });

  const versions = new Array<number>(STREAMS).fill(0);
  const concurrentSeconds = await timed(() =>
    inParallel(WRITERS, CONCURRENT, async (writer, n) => {
      // Writer w owns streams w, w+16, … so its expected versions are exact, as a command handler's are.
      const stream = (writer + WRITERS * (n % Math.floor(STREAMS / WRITERS))) % STREAMS;
      await store.append(streamId('many', String(stream)), [{ type: 'Benched', data: payload }], {
        expectedVersion: versions[stream],
        metadata,
      });
      versions[stream] += 1;
    }),
  );

  const rawSeconds = await timed(() =>
    inParallel(WRITERS, CONCURRENT, async (_writer, n) => {
      await raw.query('INSERT INTO raw_events (stream_id, data) VALUES ($1, $2)', [`many-${n % STREAMS}`, payload]);
    }),
  );

  const head = await store.headPosition();
  const readSeconds = await timed(async () => {
    for (let after = 0; after < head;) {
      const batch = await store.readAll({ after, limit: 1000 });
      if (batch.length === 0) break;
      after = batch[batch.length - 1].position;
    }
  });

  const appends1 = SEQUENTIAL / sequentialSeconds;
  const appends16 = CONCURRENT / concurrentSeconds;
  const raw16 = CONCURRENT / rawSeconds;
  const readAll = head / readSeconds;
  const round = (x: number) => Math.round(x);
  process.stdout.write(
    [
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`,
      `postgres: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(' ')}`,
      `appends to one stream, sequential:        ${round(appends1)}/s (${SEQUENTIAL} appends)`,
      `appends to ${STREAMS} streams, ${WRITERS} writers:    ${round(appends16)}/s (${CONCURRENT} appends)`,
      `raw INSERT+COMMIT, ${WRITERS} writers (baseline): ${round(raw16)}/s (${CONCURRENT} transactions)`,
      `readAll:                                  ${round(readAll)} events/s (${head} events)`,
      `RESULT appends_1stream_per_s=${round(appends1)} appends_16w_per_s=${round(appends16)} raw_16w_per_s=${round(raw16)} ratio_16w=${(appends16 / raw16).toFixed(2)} readall_per_s=${round(readAll)}`,
      '',
    ].join('\n'),
  );
} finally {
  await raw.end();
  await context.close();
  await database.drop();
  await server.stop();
}
