import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, served at /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const eventsAppended = new Counter({
  name: 'agent_squad_events_appended_total',
  help: 'Events appended to the event store',
  labelNames: ['stream_type'] as const,
  registers: [metricsRegistry],
});

export const appendBatchSize = new Histogram({
  name: 'agent_squad_append_batch_appends',
  help: 'Appends committed together in one event-store transaction',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128],
  registers: [metricsRegistry],
});

/**
 * Time appends waited for the store's cluster-wide append lock, counted once per append of the
 * batch that waited (each of them waited that long): divided by the firing time it tells how much
 * of a deadline's firing the lock serializes.
 */
export const appendLockWaitSeconds = new Counter({
  name: 'agent_squad_append_lock_wait_seconds_total',
  help: 'Seconds appends waited for the cluster-wide append lock (per append)',
  registers: [metricsRegistry],
});

export const projectionLag = new Gauge({
  name: 'agent_squad_projection_lag_events',
  help: 'Events between the store head and an async projection checkpoint',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const deadlinesFired = new Counter({
  name: 'agent_squad_deadlines_fired_total',
  help: 'Deadlines fired, by outcome',
  labelNames: ['type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const deadlineLateness = new Histogram({
  name: 'agent_squad_deadline_lateness_seconds',
  help: 'How long after its due time a deadline fired',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
  registers: [metricsRegistry],
});

export const deadlineFiringDuration = new Histogram({
  name: 'agent_squad_deadline_firing_seconds',
  help: "How long a deadline's handler took (its reads, decision and append)",
  labelNames: ['type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'agent_squad_http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const socketClients = new Gauge({
  name: 'agent_squad_socket_clients',
  help: 'Socket.IO clients connected to this process',
  registers: [metricsRegistry],
});

/** How many events each read of the realtime tail handed to the gateway: the fan-out's batching. */
export const realtimeBatchEvents = new Histogram({
  name: 'agent_squad_realtime_batch_events',
  help: 'Events handed to the Socket.IO gateway together by one read of the store tail',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
  registers: [metricsRegistry],
});

let countDueDeadlines: (() => Promise<number>) | undefined;

/** The process's database tells how many deadlines are due; set while the app runs. */
export function countDeadlinesDueWith(count: (() => Promise<number>) | undefined): void {
  countDueDeadlines = count;
}

export const deadlinesDue = new Gauge({
  name: 'agent_squad_deadlines_due',
  help: 'Deadlines due now and not yet fired',
  registers: [metricsRegistry],
  async collect() {
    if (countDueDeadlines) this.set(await countDueDeadlines().catch(() => Number.NaN));
  },
});
