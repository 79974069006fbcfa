/** Waits `ms`: for tests that must let time pass (a timer, a lease) rather than wait for a state. */
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Polls `probe` until `done` accepts its value; fails with `what` and the last value after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(15);
  }
}

/** `until` for a condition on local state (e.g. messages a socket has received). */
export async function untilTrue(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  await until(() => Promise.resolve(check()), Boolean, what, timeoutMs);
}
