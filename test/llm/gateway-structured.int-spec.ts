import { LlmStructuredOutputError } from '../../src/platform/llm/llm.errors.js';
import { type LlmHarness, llmHarness } from './llm-harness.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['choice', 'reason'],
  properties: { choice: { enum: ['retry', 'escalate'] }, reason: { type: 'string', minLength: 3 } },
};
const request = {
  tenantId: 'org-1',
  purpose: 'vote',
  schema,
  schemaName: 'vote',
  messages: [{ role: 'user' as const, content: 'The job failed twice. Options: retry, escalate' }],
};

describe('LlmGateway structured output', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(1);
  });
  afterEach(() => h.close());

  it('returns the validated value and sends the schema as response_format and in the prompt', async () => {
    h.servers[0].enqueue({ content: '```json\n{"choice":"escalate","reason":"failed twice"}\n```' });
    const result = await h.gateway().structured<{ choice: string; reason: string }>(request);
    expect(result).toMatchObject({ value: { choice: 'escalate', reason: 'failed twice' }, repaired: false, provider: 'p1' });
    const sent = h.servers[0].requests[0].body;
    expect(sent.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'vote', schema, strict: false } });
    expect(sent.messages?.[0]).toMatchObject({ role: 'system' });
    expect(sent.messages?.[0].content).toContain('"enum":["retry","escalate"]');
  });

  it('repairs an answer that breaks the schema, once, showing the model its errors', async () => {
    h.servers[0].enqueue(
      { content: '{"choice":"maybe"}', usage: { prompt_tokens: 100, completion_tokens: 5 } },
      { content: '{"choice":"retry","reason":"first failure was a timeout"}', usage: { prompt_tokens: 130, completion_tokens: 12 } },
    );
    const gateway = h.gateway({ provider: () => ({ priceIn: 1, priceOut: 2 }) });
    const result = await gateway.structured<{ choice: string }>(request);
    expect(result).toMatchObject({
      value: { choice: 'retry' },
      repaired: true,
      usage: { inputTokens: 230, outputTokens: 17, costUsd: 0.264 },
    });
    const repair = h.servers[0].requests[1].body.messages ?? [];
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: '{"choice":"maybe"}' });
    expect(repair.at(-1)?.content).toContain("must have required property 'reason'");
    expect(repair.at(-1)?.content).toContain('/choice must be equal to one of the allowed values');
  });

  it('rejects with LlmStructuredOutputError when the repair is invalid too, and records it', async () => {
    h.servers[0].enqueue({ content: 'I would retry.' }, { content: '{"choice":"retry"}' });
    const gateway = h.gateway();
    const error = await gateway.structured(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmStructuredOutputError);
    expect((error as LlmStructuredOutputError).errors).toEqual(["(root) must have required property 'reason'"]);
    expect((error as LlmStructuredOutputError).text).toBe('{"choice":"retry"}');
    expect(h.servers[0].requestCount()).toBe(2);
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ kind: 'structured', outcome: 'invalid', provider: 'p1', attempts: 2 });
    expect(row.input_tokens).toBeGreaterThan(0);
  });

  it('asks json_object or prompt-only providers without response_format they do not support', async () => {
    h.servers[0].enqueue({ content: '{"choice":"retry","reason":"ok then"}' });
    await h.gateway({ provider: () => ({ jsonMode: 'prompt' }) }).structured(request);
    expect(h.servers[0].requests[0].body.response_format).toBeUndefined();
  });
});
