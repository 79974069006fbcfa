import pg from 'pg';
import { processCpuMs } from './cpu-usage.js';

/**
 * Where a deadline firing's time goes, between two samples: the app processes' own counters
 * (/metrics: firing time, append-lock wait), CPU time of the app processes and of the Postgres
 * backends serving the benchmark's database (/proc), and what those backends were doing, sampled
 * from pg_stat_activity while the window ran.
 */
export interface ProfileSample {
  at: number;
  firings: number;
  firingSeconds: number;
  lockWaitSeconds: number;
  appCpuSeconds: number;
  /** CPU seconds by backend pid (a backend that ends between samples is not counted). */
  backendCpuSeconds: Map<number, number>;
}

export interface FiringProfile {
  seconds: number;
  firings: number;
  firingsPerSecond: number;
  firingMs: number;
  lockWaitMs: number;
  lockWaitShare: number;
  appCpuMsPerFiring: number;
  postgresCpuMsPerFiring: number;
  /** Share of sampled backend time in each state: executing, waiting on a lock, waiting for the app (idle in transaction), idle. */
  backendStates: Record<string, number>;
}

/** CPU a process has used so far, in seconds. */
async function cpuSeconds(pid: number): Promise<number | undefined> {
  const ms = await processCpuMs(pid);
  return ms === undefined ? undefined : ms / 1000;
}

function metric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{'))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export class FiringProfiler {
  private readonly states = new Map<string, number>();
  private sampler: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(
    private readonly db: pg.Pool,
    private readonly database: string,
    private readonly apps: readonly { url: string; pid: number }[],
  ) {}

  async sample(): Promise<ProfileSample> {
    const [texts, backends] = await Promise.all([
      Promise.all(this.apps.map(async (app) => (await fetch(`${app.url}/metrics`)).text())),
      this.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.database]),
    ]);
    const backendCpuSeconds = new Map<number, number>();
    for (const { pid } of backends.rows) {
      const cpu = await cpuSeconds(pid);
      if (cpu !== undefined) backendCpuSeconds.set(pid, cpu);
    }
    let appCpuSeconds = 0;
    for (const app of this.apps) appCpuSeconds += (await cpuSeconds(app.pid)) ?? 0;
    const sum = (name: string) => texts.reduce((total, text) => total + metric(text, name), 0);
    return {
      at: Date.now(),
      firings: sum('agent_squad_deadline_firing_seconds_count'),
      firingSeconds: sum('agent_squad_deadline_firing_seconds_sum'),
      lockWaitSeconds: sum('agent_squad_append_lock_wait_seconds_total'),
      appCpuSeconds,
      backendCpuSeconds,
    };
  }

  /** Tallies what the database's backends are doing every few milliseconds until `stopStates`. */
  startStates(everyMs = 20): void {
    this.states.clear();
    this.sampler = setInterval(() => {
      if (this.sampling) return;
      this.sampling = true;
      void this.db
        .query<{ state: string | null; wait_event_type: string | null }>(
          'SELECT state, wait_event_type FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = $2',
          [this.database, 'client backend'],
        )
        .then(({ rows }) => {
          for (const row of rows) {
            const state =
              row.state === 'active'
                ? row.wait_event_type === 'Lock'
                  ? 'lock_wait'
                  : 'executing'
                : row.state === 'idle in transaction'
                  ? 'waiting_for_app'
                  : 'idle';
            this.states.set(state, (this.states.get(state) ?? 0) + 1);
          }
        })
        .catch(() => undefined)
        .finally(() => (this.sampling = false));
    }, everyMs);
  }

  stopStates(): Record<string, number> {
    clearInterval(this.sampler);
    const total = [...this.states.values()].reduce((a, b) => a + b, 0) || 1;
    return Object.fromEntries([...this.states].map(([state, count]) => [state, count / total]));
  }
}

export function profileBetween(start: ProfileSample, end: ProfileSample, backendStates: Record<string, number>): FiringProfile {
  const firings = end.firings - start.firings;
  const per = (value: number) => (firings > 0 ? (1000 * value) / firings : 0);
  let postgresCpu = 0;
  for (const [pid, cpu] of end.backendCpuSeconds) postgresCpu += cpu - (start.backendCpuSeconds.get(pid) ?? 0);
  const firingSeconds = end.firingSeconds - start.firingSeconds;
  const lockWait = end.lockWaitSeconds - start.lockWaitSeconds;
  const seconds = (end.at - start.at) / 1000;
  return {
    seconds,
    firings,
    firingsPerSecond: firings / seconds,
    firingMs: per(firingSeconds),
    lockWaitMs: per(lockWait),
    lockWaitShare: firingSeconds > 0 ? lockWait / firingSeconds : 0,
    appCpuMsPerFiring: per(end.appCpuSeconds - start.appCpuSeconds),
    postgresCpuMsPerFiring: per(postgresCpu),
    backendStates,
  };
}

export function describeProfile(profile: FiringProfile): string {
  const f = (value: number) => value.toFixed(2);
  const states = Object.entries(profile.backendStates)
    .sort((a, b) => b[1] - a[1])
    .map(([state, share]) => `${state} ${(100 * share).toFixed(0)}%`)
    .join(', ');
  return (
    `${profile.firings} firings in ${profile.seconds.toFixed(1)} s (${profile.firingsPerSecond.toFixed(0)}/s); per firing: ` +
    `${f(profile.firingMs)} ms in its handler, of which ${f(profile.lockWaitMs)} ms waiting on the append lock (${(100 * profile.lockWaitShare).toFixed(1)} %); ` +
    `CPU ${f(profile.appCpuMsPerFiring)} ms app + ${f(profile.postgresCpuMsPerFiring)} ms Postgres; backends: ${states}`
  );
}
