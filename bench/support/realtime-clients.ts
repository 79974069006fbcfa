import { performance } from 'node:perf_hooks';
import { type Socket, io } from 'socket.io-client';

/**
 * The socket.io-client side of bench/realtime.bench.ts, run in a child process of its own so that
 * decoding 100,000 messages a second does not share the server's event loop (real clients are not
 * in the server's process either). The parent drives it over the fork IPC channel: connect N
 * sockets (optionally subscribed), measure one run, report its latencies, disconnect.
 *
 * Latency is receipt − `sentAt`, both on `epochNow()` (performance.timeOrigin + performance.now()):
 * wall-clock milliseconds with sub-microsecond resolution, advancing on the monotonic clock, so the
 * parent's and this process's readings are comparable; the parent measures the residual offset
 * between the two with ping-pongs (`clock`) and subtracts it.
 */
const epochNow = (): number => performance.timeOrigin + performance.now();

export interface LatencySummary {
  received: number;
  /** Socket.IO messages that carried them (one per event unless batched). */
  messages: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of this process during the measurement, ms (user + system). */
  cpuMs: number;
}

export type ClientsCommand =
  | { kind: 'connect'; url: string; count: number; apiKey?: string; subscribe?: string[]; batch?: boolean }
  | { kind: 'disconnect' }
  | { kind: 'measure'; run: string; expected: number }
  | { kind: 'drain'; waitMs: number }
  | { kind: 'clock'; parentAt: number }
  | { kind: 'exit' };

export type ClientsReply =
  | { kind: 'connected'; count: number }
  | { kind: 'disconnected' }
  | { kind: 'measuring' }
  | { kind: 'summary'; summary: LatencySummary }
  | { kind: 'clock'; parentAt: number; childAt: number }
  | { kind: 'failed'; error: string };

interface Measuring {
  run: string;
  expected: number;
  latencies: number[];
  messages: number;
  cpuAtStart: NodeJS.CpuUsage;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const round = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: readonly number[], p: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

function connectOne(url: string, apiKey: string | undefined, subscribe: string[] | undefined, batch: boolean): Promise<Socket> {
  const socket = io(url, { auth: apiKey ? { apiKey } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      if (!subscribe) return resolve(socket);
      socket
        .timeout(10_000)
        .emitWithAck('subscribe', batch ? { rooms: subscribe, batch } : { rooms: subscribe })
        .then(
          (ack: { ok: boolean; error?: string }) => (ack.ok ? resolve(socket) : reject(new Error(`subscribe refused: ${ack.error}`))),
          reject,
        );
    });
  });
}

let sockets: Socket[] = [];
let measuring: Measuring | undefined;

type BenchEvent = { data?: { run?: unknown; sentAt?: unknown } };

function record(event: BenchEvent, receivedAt: number): boolean {
  const data = event.data;
  if (!measuring || data?.run !== measuring.run || typeof data.sentAt !== 'number') return false;
  measuring.latencies.push(receivedAt - data.sentAt);
  return true;
}

function onEvent(event: BenchEvent): void {
  if (record(event, epochNow()) && measuring) measuring.messages++;
}

/** A batched socket's `events` message: every event in it was received when the message was. */
function onEvents(events: BenchEvent[]): void {
  const receivedAt = epochNow();
  let recorded = false;
  for (const event of events) recorded = record(event, receivedAt) || recorded;
  if (recorded && measuring) measuring.messages++;
}

async function handle(command: ClientsCommand): Promise<ClientsReply | undefined> {
  switch (command.kind) {
    case 'connect': {
      const connected = await Promise.all(
        Array.from({ length: command.count }, () => connectOne(command.url, command.apiKey, command.subscribe, command.batch ?? false)),
      );
      for (const socket of connected) socket.on('event', onEvent).on('events', onEvents);
      sockets.push(...connected);
      return { kind: 'connected', count: sockets.length };
    }
    case 'disconnect':
      for (const socket of sockets) socket.disconnect();
      sockets = [];
      return { kind: 'disconnected' };
    case 'measure':
      measuring = { run: command.run, expected: command.expected, latencies: [], messages: 0, cpuAtStart: process.cpuUsage() };
      return { kind: 'measuring' };
    case 'drain': {
      const current = measuring;
      if (!current) return { kind: 'failed', error: 'drain without measure' };
      const deadline = Date.now() + command.waitMs;
      while (current.latencies.length < current.expected && Date.now() < deadline) await sleep(20);
      measuring = undefined;
      const cpu = process.cpuUsage(current.cpuAtStart);
      const sorted = current.latencies.sort((a, b) => a - b);
      return {
        kind: 'summary',
        summary: {
          received: sorted.length,
          messages: current.messages,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          max: percentile(sorted, 100),
          cpuMs: round((cpu.user + cpu.system) / 1000),
        },
      };
    }
    case 'clock':
      return { kind: 'clock', parentAt: command.parentAt, childAt: epochNow() };
    case 'exit':
      for (const socket of sockets) socket.disconnect();
      process.disconnect?.();
      return undefined;
  }
}

const reply = (message: ClientsReply) => process.send?.(message);
if (process.send) {
  process.on('message', (command: ClientsCommand) => {
    handle(command).then(
      (message) => message && reply(message),
      (error: Error) => reply({ kind: 'failed', error: error.message }),
    );
  });
}
