import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { Server } from 'socket.io';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { realtimeBatchEvents } from '../src/platform/observability/metrics.js';
import { EventTail } from '../src/platform/realtime/event-tail.js';
import { RealtimeGateway } from '../src/platform/realtime/realtime.gateway.js';
import type { ClientsCommand, ClientsReply, LatencySummary } from './support/realtime-clients.js';
import { processCpuMs } from './support/cpu-usage.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * From append to a subscribed Socket.IO client: events are appended through the EventStore at 10, 100
 * and 1,000 events/s (open loop: each append is sent when due, without waiting for the previous one),
 * one event per append to one of 64 streams of the organization, while 1, then 100, real
 * socket.io-client sockets of that organization (admin key, websocket transport) are subscribed to its
 * `organization` room. The sockets run in a child process (support/realtime-clients.ts), not in the
 * server's: this measures the server, not its own clients' decoding. Each event carries its `sentAt`
 * (wall-clock ms as performance.timeOrigin + performance.now(), taken just before the append call);
 * the child takes receipt − sentAt on the same clock, corrected by the offset between the two
 * processes' clocks measured with IPC ping-pongs just before each measurement (printed with its
 * ± half round trip). Percentiles are over every (event, socket) delivery.
 *
 * Baselines in the same run, same rate, same socket count:
 *   - append: sentAt → the append's promise resolving (commit), for the very same events;
 *   - socket.io: a bare socket.io Server in this process emitting an event of the same shape to a room
 *     of as many sockets of the child (no store, no Nest): what the transport and the clients cost.
 *   - append→broadcast: sentAt → the gateway's broadcast of that event returned (every socket was
 *     handed it), in this process: the server's share, whatever the clients' process is doing.
 * Each set of sockets is connected only while it is measured. CPU per measurement (% of one core over
 * its window): this process (app + appender), the clients' process, the Postgres backends of the
 * bench database (/proc), and the whole machine (2 cores = 200 %, other sessions included).
 *   npm run bench:realtime                          (DATABASE_URL, or an embedded Postgres)
 *   BENCH_SECONDS=5 npm run bench:realtime          (a quick run: seconds per rate, 10 eps gets 2×)
 * The 100-socket cases run a third time with every socket subscribed `batch: true` (rows `100 batch`,
 * keys `…_batch`): one `events` message per tail batch, a latency being its message's receipt − sentAt.
 *   BENCH_SOCKETS=100 BENCH_RATES=1000 node --cpu-prof dist/bench/realtime.bench.js   (one case, profiled;
 *                                                   the child gets no --cpu-prof)
 */
const list = (value: string | undefined, fallback: readonly number[]) => (value ? value.split(',').map(Number) : fallback);
const RATES = list(process.env.BENCH_RATES, [10, 100, 1000]);
const SOCKET_COUNTS = list(process.env.BENCH_SOCKETS, [1, 100]);
/** Socket counts also measured with `subscribe { batch: true }` (BENCH_BATCH_SOCKETS=none for none). */
const BATCH_SOCKET_COUNTS = process.env.BENCH_BATCH_SOCKETS === 'none' ? [] : list(process.env.BENCH_BATCH_SOCKETS, [100]);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const STREAMS = 64;
/** How long to wait for late deliveries after the last send. */
const DRAIN_MS = 3000;
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const round = (n: number) => Math.round(n * 100) / 100;
/** The clock both processes read (see support/realtime-clients.ts). */
const epochNow = (): number => performance.timeOrigin + performance.now();

interface BenchData {
  run: string;
  seq: number;
  sentAt: number;
}

/** Latencies of one measurement taken in this process (the append baseline). */
class Samples {
  readonly values: number[] = [];
  at(p: number): number {
    const sorted = [...this.values].sort((a, b) => a - b);
    return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
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

/** The child process holding the client sockets; one request at a time. */
class Clients {
  private readonly child = fork(new URL('./support/realtime-clients.js', import.meta.url), [], { execArgv: [], stdio: 'inherit' });
  private pending: ((reply: ClientsReply) => void) | undefined;

  constructor() {
    this.child.on('message', (reply: ClientsReply) => {
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(reply);
    });
  }

  async request<K extends ClientsReply['kind']>(command: ClientsCommand, expect: K): Promise<Extract<ClientsReply, { kind: K }>> {
    const reply = await new Promise<ClientsReply>((resolve) => {
      this.pending = resolve;
      this.child.send(command);
    });
    if (reply.kind !== expect) throw new Error(`clients: ${reply.kind === 'failed' ? reply.error : `unexpected ${reply.kind}`}`);
    return reply as Extract<ClientsReply, { kind: K }>;
  }

  /** child clock − this clock, from the ping-pong with the shortest round trip; ± half of it. */
  async clockOffset(): Promise<{ offset: number; uncertainty: number }> {
    let best = { offset: 0, uncertainty: Number.POSITIVE_INFINITY };
    for (let i = 0; i < 20; i++) {
      const { parentAt, childAt } = await this.request({ kind: 'clock', parentAt: epochNow() }, 'clock');
      const roundTrip = epochNow() - parentAt;
      if (roundTrip / 2 < best.uncertainty) best = { offset: childAt - (parentAt + roundTrip / 2), uncertainty: roundTrip / 2 };
    }
    return best;
  }

  async exit(): Promise<void> {
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.send({ kind: 'exit' } satisfies ClientsCommand);
    await Promise.race([exited, sleep(2000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

function machineBusyMs(): number {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

interface CpuSnapshot {
  at: number;
  app: NodeJS.CpuUsage;
  machineMs: number;
  postgres: Map<number, number>;
}

/** CPU use over a measurement window, in % of one core. */
class CpuMeter {
  constructor(
    private readonly db: pg.Client,
    private readonly database: string,
  ) {}

  async snapshot(): Promise<CpuSnapshot> {
    const { rows } = await this.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.database]);
    const postgres = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = await processCpuMs(pid);
      if (ms !== undefined) postgres.set(pid, ms);
    }
    return { at: performance.now(), app: process.cpuUsage(), machineMs: machineBusyMs(), postgres };
  }

  async since(
    start: CpuSnapshot,
    clientsCpuMs: number,
  ): Promise<{ app: number; appSystem: number; clients: number; postgres: number; machine: number }> {
    const end = await this.snapshot();
    const wall = end.at - start.at;
    const pct = (ms: number) => Math.round((100 * ms) / wall);
    const app = process.cpuUsage(start.app);
    let postgres = 0;
    // Backends alive at both ends only (a pid can be reused: never count a negative delta).
    for (const [pid, ms] of end.postgres) postgres += Math.max(0, ms - (start.postgres.get(pid) ?? ms));
    return {
      app: pct((app.user + app.system) / 1000),
      appSystem: pct(app.system / 1000),
      clients: pct(clientsCpuMs),
      postgres: pct(postgres),
      machine: pct(end.machineMs - start.machineMs),
    };
  }
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

/** Events and batches the tail has handed to the gateway so far. */
async function tailBatches(): Promise<{ events: number; batches: number }> {
  const { values } = await realtimeBatchEvents.get();
  const value = (suffix: string) =>
    values.find((sample) => sample.metricName === `agent_squad_realtime_batch_events_${suffix}`)?.value ?? 0;
  return { events: value('sum'), batches: value('count') };
}

const clients = new Clients();
const meterDb = new pg.Client({ connectionString: server.url });
await meterDb.connect();
const meter = new CpuMeter(meterDb, database.name);
const LOOP_SAMPLE_MS = 10;
// It records each sampling timer's full interval: the delay is the excess over LOOP_SAMPLE_MS.
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
loopDelay.enable();

/** Connects `count` sockets of the child, runs `send` at `rate` while they listen, and summarizes. */
async function measure(
  connect: Extract<ClientsCommand, { kind: 'connect' }>,
  rate: number,
  send: (run: string, seq: number) => void,
): Promise<{
  delivered: LatencySummary;
  missing: number;
  clock: { offset: number; uncertainty: number };
  cpu: Awaited<ReturnType<CpuMeter['since']>>;
  loopP99: number;
  eventsPerBatch: number;
}> {
  const seconds = secondsFor(rate);
  const expected = rate * seconds * connect.count;
  await clients.request(connect, 'connected');
  await sleep(300);
  const clock = await clients.clockOffset();
  const run = randomUUID();
  await clients.request({ kind: 'measure', run, expected }, 'measuring');
  const cpuStart = await meter.snapshot();
  const batchesStart = await tailBatches();
  loopDelay.reset();
  await drive(rate, seconds, (seq) => send(run, seq));
  const { summary } = await clients.request({ kind: 'drain', waitMs: DRAIN_MS }, 'summary');
  const cpu = await meter.since(cpuStart, summary.cpuMs);
  const loopP99 = round(loopDelay.percentile(99) / 1e6 - LOOP_SAMPLE_MS);
  const batchesEnd = await tailBatches();
  const eventsPerBatch = round((batchesEnd.events - batchesStart.events) / (batchesEnd.batches - batchesStart.batches));
  await clients.request({ kind: 'disconnect' }, 'disconnected');
  // The child's readings are on its clock: bring them onto this one.
  const shift = (ms: number) => round(ms - clock.offset);
  const delivered = { ...summary, p50: shift(summary.p50), p99: shift(summary.p99), max: shift(summary.max) };
  return { delivered, missing: expected - summary.received, clock, cpu, loopP99, eventsPerBatch };
}

try {
  const organization = await app.get(TenancyService).createOrganization('Bench', 'enterprise');
  const store = app.get(EventStore);
  // The server's share: sentAt → the gateway has handed the event to every socket (its broadcast
  // returned), taken in this process by wrapping the tail's one listener around the gateway's own.
  const gateway = app.get(RealtimeGateway);
  let broadcastRun: { run: string; samples: Samples } | undefined;
  app.get(EventTail).onEvents((events) => {
    gateway['broadcast'](events);
    const handedAt = epochNow();
    for (const event of events) {
      const data = event.data as Partial<BenchData>;
      if (broadcastRun && data.run === broadcastRun.run && typeof data.sentAt === 'number')
        broadcastRun.samples.values.push(handedAt - data.sentAt);
    }
  });
  const metadata = {
    tenantId: organization.organizationId,
    actor: { kind: 'system' as const, id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
  };
  const rows: string[] = [];
  const result: Record<string, number> = {};

  /** Appends at `rate` while `count` sockets of the organization room listen, one by one or batched. */
  const measureApp = async (count: number, rate: number, batch: boolean) => {
    const appends = new Samples();
    const pending: Promise<unknown>[] = [];
    const broadcast = new Samples();
    const realtime = await measure(
      { kind: 'connect', url: appUrl, count, apiKey: organization.adminKey, subscribe: ['organization'], batch },
      rate,
      (run, seq) => {
        if (broadcastRun?.run !== run) broadcastRun = { run, samples: broadcast };
        const sentAt = epochNow();
        const data: BenchData = { run, seq, sentAt };
        pending.push(
          store
            .append(`bench_realtime-${seq % STREAMS}`, [{ type: 'BenchRealtimeEvent', data }], { expectedVersion: 'any', metadata })
            .then(() => appends.values.push(epochNow() - sentAt)),
        );
      },
    );
    // Every append has committed before its figures are taken (and before the next case or the close).
    await Promise.all(pending);
    return { realtime, appends, broadcast };
  };

  out(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${SECONDS} s per rate (10 eps: ${SECONDS * 2} s); clients in child process`,
  );
  out(
    'sockets | rate/s | events | append p50/p99 ms | socket.io p50/p99 ms | append→broadcast p50/p99 ms | append→socket p50 / p99 / max ms | missing | ' +
      'CPU % app (of it kernel) / clients / postgres / machine (of 200) | socket.io CPU % server (kernel) / clients | app loop delay p99 ms | events per tail batch | clock offset ms',
  );
  for (const count of SOCKET_COUNTS) {
    for (const rate of RATES) {
      const events = rate * secondsFor(rate);

      // Baseline: the same emit without the store, same shape as a delivered event.
      const socketIo = await measure({ kind: 'connect', url: rawUrl, count }, rate, (run, seq) => {
        const data: BenchData = { run, seq, sentAt: epochNow() };
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

      const { realtime, appends, broadcast } = await measureApp(count, rate, false);
      const { delivered, cpu } = realtime;

      rows.push(
        `${count} | ${rate} | ${events} | ${appends.at(50)} / ${appends.at(99)} | ${socketIo.delivered.p50} / ${socketIo.delivered.p99} | ` +
          `${broadcast.at(50)} / ${broadcast.at(99)} | ${delivered.p50} / ${delivered.p99} / ${delivered.max} | ${realtime.missing} | ` +
          `${cpu.app} (${cpu.appSystem}) / ${cpu.clients} / ${cpu.postgres} / ${cpu.machine} | ` +
          `${socketIo.cpu.app} (${socketIo.cpu.appSystem}) / ${socketIo.cpu.clients} | ` +
          `${realtime.loopP99} | ${realtime.eventsPerBatch} | ${round(realtime.clock.offset)} ± ${round(realtime.clock.uncertainty)}`,
      );
      out(rows.at(-1)!);
      const suffix = `${rate}eps_${count}sockets`;
      result[`realtime_p50_ms_${suffix}`] = delivered.p50;
      result[`realtime_p99_ms_${suffix}`] = delivered.p99;
      result[`socketio_p99_ms_${suffix}`] = socketIo.delivered.p99;
      result[`append_p99_ms_${suffix}`] = appends.at(99);
      result[`broadcast_p99_ms_${suffix}`] = broadcast.at(99);
      result[`missing_${suffix}`] = realtime.missing;
      result[`socketio_missing_${suffix}`] = socketIo.missing;
      result[`cpu_app_pct_${suffix}`] = cpu.app;
      result[`cpu_clients_pct_${suffix}`] = cpu.clients;
      result[`cpu_postgres_pct_${suffix}`] = cpu.postgres;
      result[`cpu_machine_pct_${suffix}`] = cpu.machine;

      // The same case with every socket subscribed with `batch: true` (one `events` message per tail
      // batch); a latency is the receipt of its event's message − its sentAt.
      if (BATCH_SOCKET_COUNTS.includes(count)) {
        const batched = await measureApp(count, rate, true);
        const b = batched.realtime;
        rows.push(
          `${count} batch | ${rate} | ${events} | ${batched.appends.at(50)} / ${batched.appends.at(99)} | — | ` +
            `${batched.broadcast.at(50)} / ${batched.broadcast.at(99)} | ${b.delivered.p50} / ${b.delivered.p99} / ${b.delivered.max} | ${b.missing} | ` +
            `${b.cpu.app} (${b.cpu.appSystem}) / ${b.cpu.clients} / ${b.cpu.postgres} / ${b.cpu.machine} | — | ` +
            `${b.loopP99} | ${b.eventsPerBatch} (messages per socket: ${round(b.delivered.messages / count)}) | ${round(b.clock.offset)} ± ${round(b.clock.uncertainty)}`,
        );
        out(rows.at(-1)!);
        result[`realtime_p50_ms_${suffix}_batch`] = b.delivered.p50;
        result[`realtime_p99_ms_${suffix}_batch`] = b.delivered.p99;
        result[`broadcast_p99_ms_${suffix}_batch`] = batched.broadcast.at(99);
        result[`missing_${suffix}_batch`] = b.missing;
        result[`messages_per_socket_${suffix}_batch`] = round(b.delivered.messages / count);
        result[`cpu_app_pct_${suffix}_batch`] = b.cpu.app;
        result[`cpu_clients_pct_${suffix}_batch`] = b.cpu.clients;
        result[`cpu_machine_pct_${suffix}_batch`] = b.cpu.machine;
      }
    }
  }
  const headline = SOCKET_COUNTS[SOCKET_COUNTS.length - 1];
  const keys = [
    `realtime_p99_ms_100eps=${result[`realtime_p99_ms_100eps_${headline}sockets`]}`,
    `realtime_p99_ms_1000eps=${result[`realtime_p99_ms_1000eps_${headline}sockets`]}`,
    `sockets=${headline}`,
    ...(result[`realtime_p99_ms_1000eps_${headline}sockets_batch`] === undefined
      ? []
      : [`realtime_p99_ms_1000eps_batch=${result[`realtime_p99_ms_1000eps_${headline}sockets_batch`]}`]),
    ...Object.entries(result).map(([key, value]) => `${key}=${value}`),
  ];
  out(`RESULT ${keys.join(' ')}`);
} finally {
  await clients.exit();
  await meterDb.end();
  await new Promise<void>((done) => raw.close(() => done()));
  await app.close();
  await database.drop();
  await server.stop();
}
