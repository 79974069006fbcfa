import { type LlmHarness, ask, llmHarness } from './llm-harness.js';

describe('LlmGateway per-agent providers (real openai client, loopback servers)', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(2);
  });
  afterEach(() => h.close());

  const forAgent = (content: string, providerPreference: string[]) => ({
    ...ask(content),
    scope: { agentSlug: 'reviewer', providerPreference },
  });

  it("serves an agent from its preferred provider, before the global chain's first", async () => {
    const [first, preferred] = h.servers;
    const result = await h.gateway().chat(forAgent('hello', ['p2']));
    expect(result).toMatchObject({ text: 'echo: hello', provider: 'p2', model: 'model-2', servedBecause: 'preferred' });
    expect(preferred.requestCount('/chat/completions')).toBe(1);
    expect(first.requestCount()).toBe(0);
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ provider: 'p2', served_because: 'preferred', outcome: 'ok' });
  });

  it('falls back to the global chain when the preferred provider fails, and records why', async () => {
    const [first, preferred] = h.servers;
    preferred.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const result = await h.gateway().chat(forAgent('hello', ['p2']));
    expect(result).toMatchObject({ provider: 'p1', servedBecause: 'fallback' });
    expect(preferred.requestCount('/chat/completions')).toBe(3);
    expect(first.requestCount('/chat/completions')).toBe(1);
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ provider: 'p1', model: 'model-1', served_because: 'fallback' });
  });

  it('asks the preferred provider for the model the agent names', async () => {
    const [, preferred] = h.servers;
    const result = await h.gateway().chat(forAgent('special', ['p2/gpt-special']));
    expect(result).toMatchObject({ provider: 'p2', model: 'gpt-special', servedBecause: 'preferred' });
    expect(preferred.requests[0].body.model).toBe('gpt-special');
  });

  it('uses the global chain, marked default, without a preference or when it names no configured provider', async () => {
    const gateway = h.gateway();
    expect((await gateway.chat(ask('plain'))).servedBecause).toBe('default');
    expect((await gateway.chat(forAgent('unknown', ['ollama']))).servedBecause).toBe('default');
    expect(h.servers[0].requestCount('/chat/completions')).toBe(2);
    const rows = await h.usageRows();
    expect(rows.map((row) => row.served_because)).toEqual(['default', 'default']);
  });

  it('streams and embeds from the preferred provider too', async () => {
    const [first, preferred] = h.servers;
    const gateway = h.gateway();
    const stream = gateway.stream(forAgent('flowing', ['p2']));
    let text = '';
    for await (const chunk of stream) text += chunk;
    expect(text).toBe('echo: flowing');
    expect((await stream.result).servedBecause).toBe('preferred');
    const embedded = await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['x'], scope: { providerPreference: ['p2'] } });
    expect(embedded).toMatchObject({ provider: 'p2', servedBecause: 'preferred' });
    expect(first.requestCount()).toBe(0);
    expect(preferred.requestCount()).toBe(2);
  });
});
