import { LlmAbortedError, LlmUnavailableError } from '../../src/platform/llm/llm.errors.js';
import { type LlmHarness, ask, llmHarness } from './llm-harness.js';

describe('LlmGateway failover (real openai client, loopback servers)', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(2);
  });
  afterEach(() => h.close());

  it('retries the primary on 500, then fails over to the next provider', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ status: 500 }, { status: 502 }, { status: 503 });
    const result = await h.gateway().chat(ask('hello'));
    expect(result).toMatchObject({ text: 'echo: hello', provider: 'p2', model: 'model-2', cached: false });
    expect(primary.requestCount('/chat/completions')).toBe(3);
    expect(secondary.requestCount('/chat/completions')).toBe(1);
    // Backoff with jitter (random fixed at 0.5): 75 ms then 150 ms for a 100 ms base.
    expect(h.clock.sleeps).toEqual([75, 150]);
    expect(secondary.requests[0].body.model).toBe('model-2');
  });

  it('honours Retry-After on 429 and stays on the same provider', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ status: 429, headers: { 'retry-after': '3' } });
    const result = await h.gateway().chat(ask('rate me'));
    expect(result.provider).toBe('p1');
    expect(h.clock.sleeps).toEqual([3000]);
    expect(primary.requestCount()).toBe(2);
    expect(secondary.requestCount()).toBe(0);
  });

  it('fails over at once when Retry-After is longer than it is worth waiting', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ status: 429, headers: { 'retry-after': '600' } });
    const result = await h.gateway().chat(ask('later'));
    expect(result.provider).toBe('p2');
    expect(h.clock.sleeps).toEqual([]);
    expect(secondary.requestCount()).toBe(1);
  });

  it('gives up on a slow provider after the timeout and falls back', async () => {
    const [primary] = h.servers;
    primary.enqueue({ delayMs: 3000 });
    const result = await h.gateway().chat({ ...ask('slow'), timeoutMs: 150 });
    expect(result.provider).toBe('p2');
    // A timeout is not retried on the same provider: the budget goes to the next one.
    expect(primary.requestCount()).toBe(1);
  });

  it('gives up on a provider that stalls mid-body (after its headers) at the timeout, and falls back', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ stallBody: true }, { stallBody: true });
    const started = Date.now();
    const result = await h.gateway().chat({ ...ask('stalled'), timeoutMs: 150 });
    expect(result.provider).toBe('p2');
    expect(Date.now() - started).toBeLessThan(1500);
    // With a caller's signal the attempt runs through a controller of ours: the same bound.
    const signalled = await h.gateway().chat({ ...ask('stalled again'), timeoutMs: 150, signal: new AbortController().signal });
    expect(signalled.provider).toBe('p2');
    expect(primary.requestCount()).toBe(2);
    expect(secondary.requestCount()).toBe(2);
    const rows = await h.usageRows();
    expect(rows.map((r) => [r.provider, r.outcome, r.attempts])).toEqual([
      ['p2', 'ok', 2],
      ['p2', 'ok', 2],
    ]);
  });

  it('stops when the caller aborts while the body is read, without blaming the provider', async () => {
    const [primary] = h.servers;
    primary.enqueue({ stallBody: true });
    const controller = new AbortController();
    const gateway = h.gateway();
    const call = gateway.chat({ ...ask('never mind the rest'), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
    expect(gateway.describe()[0].circuit).toBe('closed');
    expect(h.servers[1].requestCount()).toBe(0);
  });

  it('retries a malformed response', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ malformed: true });
    const result = await h.gateway().chat(ask('broken'));
    expect(result.provider).toBe('p1');
    expect(primary.requestCount()).toBe(2);
    expect(secondary.requestCount()).toBe(0);
  });

  it('does not retry a 400, and passes it to the next provider', async () => {
    const [primary] = h.servers;
    primary.enqueue({ status: 400 });
    const result = await h.gateway().chat(ask('odd'));
    expect(result.provider).toBe('p2');
    expect(primary.requestCount()).toBe(1);
  });

  it('opens the circuit after repeated failures, skips the provider, and closes it after a good trial', async () => {
    const [primary, secondary] = h.servers;
    const gateway = h.gateway({ settings: { maxRetries: 0 } });
    primary.enqueue({ status: 500 }, { status: 500 });
    await gateway.chat(ask('one'));
    await gateway.chat(ask('two'));
    expect(gateway.describe()[0].circuit).toBe('open');

    const third = await gateway.chat(ask('three'));
    expect(third.provider).toBe('p2');
    expect(primary.requestCount()).toBe(2);

    h.clock.advance(10_000);
    expect(gateway.describe()[0].circuit).toBe('half-open');
    const trial = await gateway.chat(ask('four'));
    expect(trial.provider).toBe('p1');
    expect(gateway.describe()[0].circuit).toBe('closed');
    expect(secondary.requestCount()).toBe(3);
  });

  it('a failed trial opens the circuit again', async () => {
    const [primary] = h.servers;
    const gateway = h.gateway({ settings: { maxRetries: 0 } });
    primary.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    await gateway.chat(ask('one'));
    await gateway.chat(ask('two'));
    h.clock.advance(10_000);
    expect((await gateway.chat(ask('trial'))).provider).toBe('p2');
    expect(gateway.describe()[0].circuit).toBe('open');
    expect(primary.requestCount()).toBe(3);
  });

  it('throws LlmUnavailableError, listing each provider, when every one fails', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    secondary.enqueue({ status: 401 });
    const error = await h
      .gateway()
      .chat(ask('doomed'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).attempts.map((a) => [a.provider, a.reason, a.status])).toEqual([
      ['p1', 'server', 500],
      ['p2', 'rejected', 401],
    ]);
    expect((error as LlmUnavailableError).requests).toBe(4);
  });

  it('ends with LlmUnavailableError when every provider hangs: bounded by the timeout, never a hang', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ delayMs: 5000 });
    secondary.enqueue({ delayMs: 5000 });
    await expect(h.gateway().chat({ ...ask('hang'), timeoutMs: 100 })).rejects.toBeInstanceOf(LlmUnavailableError);
  });

  it('answers with the offline model when every configured provider fails and it is in the chain', async () => {
    const [primary, secondary] = h.servers;
    primary.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    secondary.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const result = await h
      .gateway({ offline: true })
      .chat({ ...ask('The build fails on main. I tried clearing the cache.'), purpose: 'attempts' });
    expect(result).toMatchObject({ provider: 'offline', model: 'agent-squad-offline-1' });
    expect(result.text).toBe('What was tried so far:\n- I tried clearing the cache');
  });

  it('stops when the caller aborts, without blaming the provider', async () => {
    const [primary] = h.servers;
    primary.enqueue({ delayMs: 3000 });
    const controller = new AbortController();
    const gateway = h.gateway();
    const call = gateway.chat({ ...ask('never mind'), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
    expect(gateway.describe()[0].circuit).toBe('closed');
    expect(h.servers[1].requestCount()).toBe(0);
  });

  it('waits for a provider rate limit when it frees up soon, and passes over it when not', async () => {
    const gateway = h.gateway({ provider: (i) => (i === 0 ? { rpm: 60 } : {}), settings: { rateLimitMaxWaitMs: 1500 } });
    for (let i = 0; i < 60; i++) await gateway.chat(ask(`burst ${i}`));
    expect(h.servers[0].requestCount()).toBe(60);
    const waited = await gateway.chat(ask('one more'));
    expect(waited.provider).toBe('p1');
    expect(h.clock.sleeps).toEqual([1000]);

    const strict = h.gateway({ provider: (i) => (i === 0 ? { rpm: 1 } : {}), settings: { rateLimitMaxWaitMs: 1500 } });
    await strict.chat(ask('first'));
    expect((await strict.chat(ask('second'))).provider).toBe('p2');
  });
});
