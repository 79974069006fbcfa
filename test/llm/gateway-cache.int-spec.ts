import { type LlmHarness, ask, llmHarness } from './llm-harness.js';

describe('LlmGateway response cache (Postgres)', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(2);
  });
  afterEach(() => h.close());

  it('serves a repeated temperature-0 call from the cache without a second request', async () => {
    const gateway = h.gateway();
    const first = await gateway.chat({ ...ask('cache me'), temperature: 0 });
    const second = await gateway.chat({ ...ask('cache me'), temperature: 0 });
    expect(first).toMatchObject({ text: 'echo: cache me', cached: false, provider: 'p1' });
    expect(second).toMatchObject({
      text: 'echo: cache me',
      cached: true,
      provider: 'p1',
      model: 'model-1',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
    expect(h.servers[0].requestCount()).toBe(1);
  });

  it('keys on content, not on the provider: an answer from the fallback serves later calls too', async () => {
    const gateway = h.gateway({ settings: { maxRetries: 0 } });
    h.servers[0].enqueue({ status: 500 });
    expect((await gateway.chat({ ...ask('who answers'), temperature: 0 })).provider).toBe('p2');
    const again = await gateway.chat({ ...ask('who answers'), temperature: 0 });
    expect(again).toMatchObject({ cached: true, provider: 'p2' });
    expect(h.servers[0].requestCount() + h.servers[1].requestCount()).toBe(2);
  });

  it('does not cache sampled calls, nor calls that opt out, nor across tenants', async () => {
    const gateway = h.gateway();
    await gateway.chat({ ...ask('warm'), temperature: 0.7 });
    await gateway.chat({ ...ask('warm'), temperature: 0.7 });
    await gateway.chat({ ...ask('cold'), temperature: 0, cache: false });
    await gateway.chat({ ...ask('cold'), temperature: 0, cache: false });
    await gateway.chat({ ...ask('mine'), temperature: 0 });
    await gateway.chat({ ...ask('mine'), temperature: 0, tenantId: 'org-2' });
    expect(h.servers[0].requestCount()).toBe(6);
  });

  it('caches a sampled call when asked to', async () => {
    const gateway = h.gateway();
    await gateway.chat({ ...ask('opt in'), temperature: 1, cache: true });
    expect((await gateway.chat({ ...ask('opt in'), temperature: 1, cache: true })).cached).toBe(true);
    expect(h.servers[0].requestCount()).toBe(1);
  });

  it('forgets an entry after its TTL', async () => {
    const gateway = h.gateway();
    await gateway.chat({ ...ask('short-lived'), temperature: 0, cacheTtlSeconds: 60 });
    h.clock.advance(59_000);
    expect((await gateway.chat({ ...ask('short-lived'), temperature: 0 })).cached).toBe(true);
    h.clock.advance(1_000);
    expect((await gateway.chat({ ...ask('short-lived'), temperature: 0 })).cached).toBe(false);
    expect(h.servers[0].requestCount()).toBe(2);
  });

  it('does not cache offline answers, so a recovered provider is used again', async () => {
    const gateway = h.gateway({ offline: true, settings: { maxRetries: 0 } });
    h.servers[0].enqueue({ status: 500 });
    h.servers[1].enqueue({ status: 500 });
    expect((await gateway.chat({ ...ask('outage'), temperature: 0 })).provider).toBe('offline');
    expect((await gateway.chat({ ...ask('outage'), temperature: 0 })).provider).toBe('p1');
  });

  it('caches embeddings only when asked', async () => {
    const gateway = h.gateway();
    await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['a'] });
    await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['a'] });
    await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['b'], cache: true });
    const hit = await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['b'], cache: true });
    expect(hit).toMatchObject({ cached: true, provider: 'p1', model: 'embed-1' });
    expect(h.servers[0].requestCount('/embeddings')).toBe(3);
  });
});
