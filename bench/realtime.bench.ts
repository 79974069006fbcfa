import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Server } from 'socket.io';
import { type Socket, io } from 'socket.io-client';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import type { DeliveredEvent, SubscribeAck } from '../src/platform/realtime/realtime.messages.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * From append to a subscribed Socket.IO client: events are appended through the EventStore at 10, 100
 * and 1,000 events/s (open loop: each append is sent when due, without waiting for the previous one),
 * one event per append to one of 64 streams of the organization, while 1, then 100, real
 * socket.io-client sockets of that organization (admin key, websocket transport) are subscribed to its
 * `organization` room. Each event carries its `sentAt` (performance.now(), taken just before the
 * append call); every socket takes receipt − sentAt on the same clock (clients run in this process).
 * Percentiles are over every (event, socket) delivery.
 *
 * Baselines in the same run, same rate, same socket count:
 *   - append: sentAt → the append's promise resolving (commit), for the very same events;
 *   - socket.io: a bare socket.io Server on loopback emitting an event of the same shape to a room
 *     of as many sockets (no store, no Nest): what the transport and the in-process clients cost.
 *   npm run bench:realtime                          (DATABASE_URL, or an embedded Postgres)
 *   BENCH_SECONDS=5 npm run bench:realtime          (a quick run: seconds per rate, 10 eps gets 2×)
 */
const RATES = [10, 100, 1000] as const;
const SOCKET_COUNTS = [1, 100] as const;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const STREAMS = 64;
/** How long to wait for late deliveries after the last send. */
const DRAIN_MS = 3000;
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const round = (n: number) => Math.round(n * 100) / 100;

interface BenchData {
  run: string;
  seq: number;
  sentAt: number;
}

/** Latencies of one measurement, with how many deliveries were expected. */
class Samples {
  readonly values: number[] = [];
  constructor(readonly expected: number) {}
  at(p: number): number {
    const sorted = [...this.values].sort((a, b) => a - b);
    return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
  }
  get missing(): number {
    return this.expected - this.values.length;
  }
}

/** Calls `send(seq)` when each of rate × seconds sends is due, evenly spaced from now. */
async function drive(rate: number, seconds: number, send: (seq: number) => void): Promise<void> {
  const total = rate * seconds;
  const started = performance.now();
  for (let seq = 0; seq < total;) {
    const wait = started + (seq * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    else send(seq++);
  }
}

/** Waits until every expected delivery arrived, or DRAIN_MS. */
async function drain(samples: Samples): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while (samples.missing > 0 && Date.now() < deadline) await sleep(20);
}

function connect(url: string, apiKey?: string): Promise<Socket> {
  const socket = io(url, { auth: apiKey ? { apiKey } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every socket reports the latency of each event of the current run into `current()`. */
function listen(sockets: readonly Socket[], current: () => { run: string; samples: Samples } | undefined): void {
  for (const socket of sockets)
    socket.on('event', (event: DeliveredEvent) => {
      const now = performance.now();
      const data = event.data as Partial<BenchData>;
      const measuring = current();
      if (measuring && data.run === measuring.run && typeof data.sentAt === 'number') measuring.samples.values.push(now - data.sentAt);
    });
}

const secondsFor = (rate: number) => (rate === 10 ? SECONDS * 2 : SECONDS);

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false', DATABASE_URL: database.url, PORT: '0' });
const app: NestExpressApplication = await createApp({ config, databaseUrl: database.url });
await app.listen(0, '127.0.0.1');
const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

// The baseline: a bare socket.io server whose every socket is in one room, as the organization room is.
const rawHttp = createServer();
const raw = new Server(rawHttp, { maxHttpBufferSize: 64 * 1024 });
raw.on('connection', (socket) => void socket.join('all'));
await new Promise<void>((done) => rawHttp.listen(0, '127.0.0.1', done));
const rawUrl = `http://127.0.0.1:${(rawHttp.address() as AddressInfo).port}`;

const appSockets: Socket[] = [];
const rawSockets: Socket[] = [];
try {
  const organization = await app.get(TenancyService).createOrganization('Bench', 'enterprise');
  const store = app.get(EventStore);
  const metadata = {
    tenantId: organization.organizationId,
    actor: { kind: 'system' as const, id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
  };
  let appRun: { run: string; samples: Samples } | undefined;
  let rawRun: { run: string; samples: Samples } | undefined;
  const rows: string[] = [];
  const result: Record<string, number> = {};

  out(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${SECONDS} s per rate (10 eps: ${SECONDS * 2} s)`,
  );
  out('sockets | rate/s | events | append p50/p99 ms | socket.io p50/p99 ms | append→socket p50 / p99 / max ms | missing');
  for (const count of SOCKET_COUNTS) {
    while (appSockets.length < count) {
      const socket = await connect(appUrl, organization.adminKey);
      const ack = (await socket.timeout(10_000).emitWithAck('subscribe', { rooms: ['organization'] })) as SubscribeAck;
      if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}`);
      appSockets.push(socket);
      listen([socket], () => appRun);
      const rawSocket = await connect(rawUrl);
      rawSockets.push(rawSocket);
      listen([rawSocket], () => rawRun);
    }
    await sleep(500);
    for (const rate of RATES) {
      const seconds = secondsFor(rate);
      const events = rate * seconds;

      // Baseline: the same emit without the store, same shape as a delivered event.
      rawRun = { run: randomUUID(), samples: new Samples(events * count) };
      const rawRunId = rawRun.run;
      await drive(rate, seconds, (seq) => {
        const data: BenchData = { run: rawRunId, seq, sentAt: performance.now() };
        raw.to('all').emit('event', {
          position: seq,
          streamId: `bench_realtime-${seq % STREAMS}`,
          streamType: 'bench_realtime',
          version: seq,
          type: 'BenchRealtimeEvent',
          schemaVersion: 1,
          data,
          metadata,
          recordedAt: new Date().toISOString(),
        });
      });
      await drain(rawRun.samples);
      const socketIo = rawRun.samples;
      rawRun = undefined;

      appRun = { run: randomUUID(), samples: new Samples(events * count) };
      const appRunId = appRun.run;
      const appends = new Samples(events);
      await drive(rate, seconds, (seq) => {
        const sentAt = performance.now();
        const data: BenchData = { run: appRunId, seq, sentAt };
        void store
          .append(`bench_realtime-${seq % STREAMS}`, [{ type: 'BenchRealtimeEvent', data }], { expectedVersion: 'any', metadata })
          .then(() => appends.values.push(performance.now() - sentAt));
      });
      await drain(appRun.samples);
      const delivered = appRun.samples;
      appRun = undefined;

      rows.push(
        `${count} | ${rate} | ${events} | ${appends.at(50)} / ${appends.at(99)} | ${socketIo.at(50)} / ${socketIo.at(99)} | ` +
          `${delivered.at(50)} / ${delivered.at(99)} / ${delivered.at(100)} | ${delivered.missing}`,
      );
      out(rows.at(-1)!);
      const suffix = `${rate}eps_${count}sockets`;
      result[`realtime_p50_ms_${suffix}`] = delivered.at(50);
      result[`realtime_p99_ms_${suffix}`] = delivered.at(99);
      result[`socketio_p99_ms_${suffix}`] = socketIo.at(99);
      result[`append_p99_ms_${suffix}`] = appends.at(99);
      result[`missing_${suffix}`] = delivered.missing;
    }
  }
  const headline = SOCKET_COUNTS[SOCKET_COUNTS.length - 1];
  const keys = [
    `realtime_p99_ms_100eps=${result[`realtime_p99_ms_100eps_${headline}sockets`]}`,
    `realtime_p99_ms_1000eps=${result[`realtime_p99_ms_1000eps_${headline}sockets`]}`,
    `sockets=${headline}`,
    ...Object.entries(result).map(([key, value]) => `${key}=${value}`),
  ];
  out(`RESULT ${keys.join(' ')}`);
} finally {
  for (const socket of [...appSockets, ...rawSockets]) socket.disconnect();
  await new Promise<void>((done) => raw.close(() => done()));
  await app.close();
  await database.drop();
  await server.stop();
}
