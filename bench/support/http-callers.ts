import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * HTTP callers for a benchmark, run in a child process of their own: callers in the server's
 * process would spend its one event loop on their own requests and responses (undici's fetch was a
 * quarter of the loop's time in bench:knowledge-base), so what a bench reports would be the server
 * plus its load generator. Real callers are other processes on other machines; here they are at
 * least another process (the two cores are still shared, so their CPU still counts, just not on the
 * server's loop).
 *
 * The parent (`HttpCallers`) sends one `load` at a time: `paths` requested by `callers` concurrent
 * callers, each taking the next path as its last response ends; the child answers with every
 * latency (send → whole body read) and the wall time.
 */
export interface LoadRequest {
  kind: 'load';
  url: string;
  headers: Record<string, string>;
  paths: string[];
  callers: number;
}

export interface LoadReport {
  kind: 'loaded';
  latencies: number[];
  seconds: number;
  /** Each non-200 answer, up to the first few: a bench must not measure refusals. */
  failures: string[];
}

async function load({ url, headers, paths, callers }: LoadRequest): Promise<LoadReport> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        const sent = performance.now();
        const response = await fetch(`${url}${path}`, { headers });
        const body = await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status !== 200 && failures.length < 5) {
          failures.push(`${path} answered ${response.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
        }
      }
    }),
  );
  return { kind: 'loaded', latencies, seconds: (performance.now() - started) / 1000, failures };
}

/** The parent's side: one child for the bench's lifetime. */
export class HttpCallers {
  private readonly child: ChildProcess = fork(new URL(import.meta.url), ['--http-callers'], { execArgv: [], stdio: 'inherit' });

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Requests every path from `callers` concurrent callers; throws if any answer was not 200. */
  load(paths: string[], callers: number): Promise<{ latencies: number[]; seconds: number }> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the HTTP callers' process exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (report: LoadReport) => {
        this.child.off('exit', onExit);
        if (report.failures.length > 0) reject(new Error(report.failures.join('\n')));
        else resolve({ latencies: report.latencies, seconds: report.seconds });
      });
      this.child.send({ kind: 'load', url: this.url, headers: this.headers, paths, callers } satisfies LoadRequest);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

if (process.argv.includes('--http-callers') && process.send) {
  process.on('message', (request: LoadRequest) => {
    void load(request).then((report) => process.send?.(report));
  });
}
