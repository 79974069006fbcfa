import { cosineSimilarity } from '../../src/platform/llm/offline/offline-embedding.js';
import { type LlmHarness, llmHarness } from './llm-harness.js';

const thread = [
  { role: 'user' as const, content: 'Payments to the EU bank fail with timeout since Monday. Why do payments time out?' },
  { role: 'user' as const, content: 'I tried increasing the client timeout. We restarted the payment worker. It still fails.' },
];
const schemas = {
  acknowledge: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
  summarize: { type: 'object', required: ['summary'], properties: { summary: { type: 'string', maxLength: 200 } } },
  attempts: { type: 'object', required: ['tried'], properties: { tried: { type: 'array', items: { type: 'string' }, minItems: 1 } } },
  vote: {
    type: 'object',
    required: ['choice', 'reason'],
    properties: { choice: { enum: ['retry', 'escalate'] }, reason: { type: 'string' } },
  },
  note: { type: 'object', required: ['title', 'body'], properties: { title: { type: 'string' }, body: { type: 'string' } } },
  article: {
    type: 'object',
    required: ['title', 'content', 'tags'],
    properties: { title: { type: 'string' }, content: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  },
  assess: {
    type: 'object',
    required: ['resolved', 'needsHuman', 'confidence'],
    properties: { resolved: { type: 'boolean' }, needsHuman: { type: 'boolean' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
  },
};

describe('LlmGateway with no provider configured: the offline model', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await llmHarness(0);
  });
  afterAll(() => h.close());

  it.each(Object.keys(schemas))('answers %s in text and as valid JSON, the same each time, saying who answered', async (purpose) => {
    const gateway = h.gateway({ offline: true });
    const request = { tenantId: 'org-1', purpose, messages: thread };
    const text = await gateway.chat(request);
    expect(text).toMatchObject({ provider: 'offline', model: 'agent-squad-offline-1', cached: false });
    expect(text.text.length).toBeGreaterThan(10);
    expect((await gateway.chat(request)).text).toBe(text.text);

    const schema = schemas[purpose as keyof typeof schemas];
    const structured = await gateway.structured<Record<string, unknown>>({ ...request, schema });
    expect(structured).toMatchObject({ provider: 'offline', repaired: false });
    expect((await gateway.structured({ ...request, schema })).text).toBe(structured.text);
  });

  it('builds its answers from the thread', async () => {
    const gateway = h.gateway({ offline: true });
    const tried = await gateway.structured<{ tried: string[] }>({
      tenantId: 'org-1',
      purpose: 'attempts',
      messages: thread,
      schema: schemas.attempts,
    });
    expect(tried.value.tried).toEqual(['I tried increasing the client timeout', 'We restarted the payment worker']);
    const assessment = await gateway.structured<{ resolved: boolean; needsHuman: boolean }>({
      tenantId: 'org-1',
      purpose: 'assess',
      messages: thread,
      schema: schemas.assess,
    });
    expect(assessment.value).toMatchObject({ resolved: false, needsHuman: true });
  });

  it('embeds locally, so similarity search works offline', async () => {
    const gateway = h.gateway({ offline: true });
    const { vectors, provider, model } = await gateway.embed({
      tenantId: 'org-1',
      purpose: 'embed',
      input: ['payments time out', 'payment timeouts to the bank', 'team lunch on friday'],
    });
    expect([provider, model]).toEqual(['offline', 'agent-squad-hashed-256']);
    expect(cosineSimilarity(vectors[0], vectors[1])).toBeGreaterThan(cosineSimilarity(vectors[0], vectors[2]));
  });

  it('records offline calls at zero cost', async () => {
    const gateway = h.gateway({ offline: true });
    await gateway.chat({ tenantId: 'org-zero-cost', purpose: 'summarize', messages: thread });
    await gateway.embed({ tenantId: 'org-zero-cost', purpose: 'embed', input: ['payments time out'] });
    const rows = (await h.usageRows()).filter((row) => row.tenant_id === 'org-zero-cost');
    expect(rows.map((row) => [row.kind, row.provider, Number(row.cost_usd), row.outcome])).toEqual([
      ['chat', 'offline', 0, 'ok'],
      ['embed', 'offline', 0, 'ok'],
    ]);
  });
});
