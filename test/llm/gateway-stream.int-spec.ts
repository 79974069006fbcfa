import { LlmStreamInterruptedError } from '../../src/platform/llm/llm.errors.js';
import type { LlmTextStream } from '../../src/platform/llm/llm.types.js';
import { type LlmHarness, ask, llmHarness } from './llm-harness.js';

async function collect(stream: LlmTextStream): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('LlmGateway streaming', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(2);
  });
  afterEach(() => h.close());

  it('yields the chunks in order, then settles the result with usage', async () => {
    const chunks = ['The ', 'agent ', 'is ', 'typing', '.'];
    h.servers[0].enqueue({ chunks, usage: { prompt_tokens: 11, completion_tokens: 5 } });
    const stream = h.gateway().stream(ask('type'));
    expect(await collect(stream)).toEqual(chunks);
    expect(await stream.result).toMatchObject({
      text: 'The agent is typing.',
      provider: 'p1',
      usage: { inputTokens: 11, outputTokens: 5 },
    });
    expect(h.servers[0].requests[0].body.stream).toBe(true);
  });

  it('fails over when the stream breaks before any text', async () => {
    h.servers[0].enqueue({ chunks: ['never'], truncateAfterChunks: 0 });
    h.servers[1].enqueue({ chunks: ['from ', 'p2'] });
    const stream = h.gateway({ settings: { maxRetries: 0 } }).stream(ask('x'));
    expect(await collect(stream)).toEqual(['from ', 'p2']);
    expect((await stream.result).provider).toBe('p2');
  });

  it('ends with LlmStreamInterruptedError when the stream breaks after text was delivered', async () => {
    h.servers[0].enqueue({ chunks: ['one ', 'two ', 'three'], truncateAfterChunks: 2 });
    const stream = h.gateway().stream(ask('x'));
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((e: unknown) => e);
    expect(received).toEqual(['one ', 'two ']);
    expect(error).toBeInstanceOf(LlmStreamInterruptedError);
    expect((error as LlmStreamInterruptedError).deliveredText).toBe('one two ');
    await expect(stream.result).rejects.toBeInstanceOf(LlmStreamInterruptedError);
    expect(h.servers[1].requestCount()).toBe(0);
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ kind: 'stream', outcome: 'interrupted', provider: 'p1' });
  });

  it('times out a stream that goes quiet before it starts, and falls back', async () => {
    h.servers[0].enqueue({ delayMs: 3000 });
    const stream = h.gateway().stream({ ...ask('quiet'), timeoutMs: 150 });
    expect((await collect(stream)).join('')).toBe('echo: quiet');
    expect((await stream.result).provider).toBe('p2');
  });

  it('records a reader that stops early as aborted', async () => {
    h.servers[0].enqueue({ chunks: ['a ', 'b ', 'c'] });
    const stream = h.gateway().stream(ask('x'));
    for await (const chunk of stream) {
      expect(chunk).toBe('a ');
      break;
    }
    await expect(stream.result).rejects.toThrow('aborted');
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ kind: 'stream', outcome: 'aborted' });
  });

  it('shares the cache with chat: a cached answer streams as one chunk', async () => {
    const gateway = h.gateway();
    await gateway.chat({ ...ask('same'), temperature: 0 });
    const stream = gateway.stream({ ...ask('same'), temperature: 0 });
    expect(await collect(stream)).toEqual(['echo: same']);
    expect((await stream.result).cached).toBe(true);
    expect(h.servers[0].requestCount()).toBe(1);
  });

  it('streams the offline model word by word', async () => {
    const h0 = await llmHarness(0);
    try {
      const stream = h0.gateway({ offline: true }).stream({ ...ask('The deploy failed. I tried a rollback.'), purpose: 'attempts' });
      const chunks = await collect(stream);
      expect(chunks.length).toBeGreaterThan(3);
      expect(chunks.join('')).toBe('What was tried so far:\n- I tried a rollback');
      expect(await stream.result).toMatchObject({ provider: 'offline', model: 'agent-squad-offline-1' });
    } finally {
      await h0.close();
    }
  });
});
