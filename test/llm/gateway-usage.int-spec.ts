import type { QueryResultRow } from 'pg';
import { metricsRegistry } from '../../src/platform/observability/metrics.js';
import { LlmUsageService } from '../../src/platform/llm/usage/llm-usage.service.js';
import { loopbackVector } from '../support/openai-test-server.js';
import { UsageRecorder } from '../../src/platform/llm/usage/usage-recorder.js';
import { untilTrue } from '../support/until.js';
import { type LlmHarness, type UsageRow, ask, llmHarness } from './llm-harness.js';

describe('LlmGateway usage ledger', () => {
  let h: LlmHarness;
  beforeEach(async () => {
    h = await llmHarness(2);
  });
  afterEach(() => h.close());

  const at = new Date('2025-03-10T12:00:00.123Z');
  /** One usage record as the gateway hands it over. */
  const base = {
    tenantId: 'org-1',
    squadId: null,
    agentSlug: null,
    purpose: 'reply',
    kind: 'chat' as const,
    provider: 'p1',
    model: 'model-1',
    inputTokens: 12,
    outputTokens: 34,
    costUsd: 0.000079,
    latencyMs: 1.6,
    cached: false,
    servedBecause: 'default' as const,
    outcome: 'ok' as const,
    attempts: 1,
    error: null,
    at,
  };

  it('records every call: tenant, purpose, provider, model, tokens, cost, latency, cache, outcome', async () => {
    const gateway = h.gateway({
      provider: (i) => (i === 0 ? { priceIn: 0.5, priceOut: 1.5 } : { priceIn: 0.1, priceOut: 0.2 }),
      settings: { maxRetries: 1, offlineFallback: false },
    });
    h.servers[0].enqueue({ usage: { prompt_tokens: 1000, completion_tokens: 200 } });
    await gateway.chat({ ...ask('priced'), purpose: 'summarize', temperature: 0 });
    await gateway.chat({ ...ask('priced'), purpose: 'summarize', temperature: 0 });
    h.servers[0].enqueue({ status: 500 }, { status: 500 });
    h.servers[1].enqueue({ usage: { prompt_tokens: 10, completion_tokens: 20 } });
    await gateway.chat({ ...ask('fallback'), tenantId: 'org-2', purpose: 'vote' });
    h.servers[0].enqueue({ status: 500 }, { status: 500 });
    h.servers[1].enqueue({ status: 503 }, { status: 503 });
    await expect(gateway.chat(ask('lost'))).rejects.toThrow('every language-model provider failed');

    const rows = await h.usageRows();
    expect(
      rows.map((r) => [
        r.tenant_id,
        r.purpose,
        r.kind,
        r.provider,
        r.model,
        r.input_tokens,
        r.output_tokens,
        Number(r.cost_usd),
        r.cached,
        r.outcome,
        r.attempts,
      ]),
    ).toEqual([
      ['org-1', 'summarize', 'chat', 'p1', 'model-1', 1000, 200, 0.8, false, 'ok', 1],
      ['org-1', 'summarize', 'chat', 'p1', 'model-1', 0, 0, 0, true, 'ok', 0],
      ['org-2', 'vote', 'chat', 'p2', 'model-2', 10, 20, 0.005, false, 'ok', 3],
      ['org-1', 'reply', 'chat', 'p2', 'model-2', 0, 0, 0, false, 'failed', 4],
    ]);
    expect(rows[3].error).toContain('p1 (server 500), p2 (server 503)');
    // The fake clock does not move during a call (waits advance it), so times are exact.
    expect(rows.map((r) => r.latency_ms)).toEqual([0, 0, 75, 150]);
    expect(rows.at(-1)?.created_at.getTime()).toBe(h.clock.now());
  });

  it('counts every ended call in the metrics a scrape reads', async () => {
    const value = async (name: string, labels: Record<string, string>) => {
      const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => name.startsWith(m.name));
      const sample = metric?.values.find(
        (v) =>
          ((v as { metricName?: string }).metricName ?? metric.name) === name &&
          Object.entries(labels).every(([key, want]) => String(v.labels[key]) === want),
      );
      return Number(sample?.value ?? 0);
    };
    const calls = { provider: 'p1', kind: 'chat', outcome: 'ok', cached: 'false' };
    const before = {
      calls: await value('agent_squad_llm_calls_total', calls),
      tokensIn: await value('agent_squad_llm_tokens_total', { provider: 'p1', direction: 'in' }),
      timed: await value('agent_squad_llm_call_duration_seconds_count', { kind: 'chat' }),
      failed: await value('agent_squad_llm_calls_total', { provider: 'p2', kind: 'chat', outcome: 'failed' }),
    };
    const gateway = h.gateway({ settings: { maxRetries: 0, offlineFallback: false } });
    h.servers[0].enqueue({ usage: { prompt_tokens: 7, completion_tokens: 3 } }, { usage: { prompt_tokens: 5, completion_tokens: 1 } });
    await gateway.chat(ask('one'));
    await gateway.chat(ask('two'));
    h.servers[0].enqueue({ status: 500 });
    h.servers[1].enqueue({ status: 500 });
    await expect(gateway.chat(ask('lost'))).rejects.toThrow();

    expect(await value('agent_squad_llm_calls_total', calls)).toBe(before.calls + 2);
    expect(await value('agent_squad_llm_tokens_total', { provider: 'p1', direction: 'in' })).toBe(before.tokensIn + 12);
    expect(await value('agent_squad_llm_call_duration_seconds_count', { kind: 'chat' })).toBe(before.timed + 3);
    expect(await value('agent_squad_llm_calls_total', { provider: 'p2', kind: 'chat', outcome: 'failed' })).toBe(before.failed + 1);
  });

  it('stores a batch of usage rows as they were recorded once flushUsage resolves, odd text included', async () => {
    // Batched as in production (200 ms): nothing is written on the call's path, all of it by the flush.
    const recorder = new UsageRecorder(h.db, 200);
    // An error message cut at 1,000 characters can end in half a surrogate pair; NUL comes from providers' bodies.
    const cut = `failed: ${'😀'.repeat(3)}`.slice(0, 13);
    recorder.record(base);
    recorder.record({
      ...base,
      tenantId: null,
      squadId: 's-1',
      agentSlug: 'triage',
      outcome: 'failed',
      error: `${cut}\u0000end`,
      cached: true,
      servedBecause: null,
    });
    expect(await h.db.query('SELECT 1 FROM llm_usage')).toHaveLength(0);
    await recorder.flush();
    const rows = await h.db.query<UsageRow>('SELECT * FROM llm_usage ORDER BY id');
    expect(
      rows.map((r) => [
        r.tenant_id,
        r.squad_id,
        r.agent_slug,
        r.input_tokens,
        r.output_tokens,
        r.cost_usd,
        r.latency_ms,
        r.cached,
        r.served_because,
        r.outcome,
        r.error,
        r.created_at.toISOString(),
      ]),
    ).toEqual([
      ['org-1', null, null, 12, 34, '0.000079', 2, false, 'default', 'ok', null, '2025-03-10T12:00:00.123Z'],
      [null, 's-1', 'triage', 12, 34, '0.000079', 2, true, null, 'failed', `failed: 😀😀\uFFFD\uFFFDend`, '2025-03-10T12:00:00.123Z'],
    ]);
  });

  it('writes the rows that arrive during a write in the next interval, one INSERT for them, not one behind the other', async () => {
    // Steady calls used to keep the writer chasing its buffer: each INSERT was followed at once by
    // another of the few rows recorded meanwhile, so batching by interval never happened.
    const inserts: number[] = [];
    const counting = {
      query: <R extends QueryResultRow>(text: string, params?: readonly unknown[]) => {
        if (text.includes('INSERT INTO llm_usage')) inserts.push(JSON.parse(String(params?.[0])).length);
        return h.db.query<R>(text, params);
      },
    };
    const recorder = new UsageRecorder(counting, 150);
    const record = (tenantId: string) => recorder.record({ ...base, tenantId });
    record('first');
    const writing = recorder.flush();
    while (inserts.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Recorded while the first INSERT is in flight.
    record('second');
    record('third');
    await writing;
    expect(inserts).toEqual([1]);
    expect((await h.usageRows()).map((row) => row.tenant_id)).toEqual(['first']);
    // The interval's timer writes the two together.
    await untilTrue(() => inserts.length >= 2, 'the second INSERT');
    await recorder.flush();
    expect(inserts).toEqual([1, 2]);
    expect((await h.usageRows()).map((row) => row.tenant_id).sort()).toEqual(['first', 'second', 'third']);
  });

  it('records embeddings, from the provider with an embedding model', async () => {
    const gateway = h.gateway();
    const result = await gateway.embed({ tenantId: 'org-1', purpose: 'embed', input: ['alpha', 'beta'] });
    expect(result).toMatchObject({ provider: 'p1', model: 'embed-1', vectors: [loopbackVector('alpha'), loopbackVector('beta')] });
    expect(h.servers[0].requests[0].body).toMatchObject({ model: 'embed-1', encoding_format: 'float' });
    const [row] = await h.usageRows();
    expect(row).toMatchObject({ kind: 'embed', provider: 'p1', model: 'embed-1', input_tokens: 3, output_tokens: 0, outcome: 'ok' });
  });

  it('totals usage by day, purpose and model for one tenant and range', async () => {
    const gateway = h.gateway({ provider: () => ({ priceIn: 1, priceOut: 1 }) });
    const day1 = Date.parse('2025-03-10T10:00:00Z');
    h.clock.time = day1;
    h.servers[0].enqueue({ usage: { prompt_tokens: 100, completion_tokens: 50 } }, { usage: { prompt_tokens: 10, completion_tokens: 5 } });
    await gateway.chat({ ...ask('a'), purpose: 'summarize' });
    await gateway.chat({ ...ask('b'), purpose: 'vote' });
    h.clock.time = day1 + 86_400_000;
    h.servers[0].enqueue({ usage: { prompt_tokens: 1, completion_tokens: 1 } });
    await gateway.chat({ ...ask('c'), purpose: 'summarize', temperature: 0 });
    await gateway.chat({ ...ask('c'), purpose: 'summarize', temperature: 0 });
    await gateway.chat({ ...ask('other tenant'), tenantId: 'org-9' });
    h.clock.time = day1 + 5 * 86_400_000;
    await gateway.chat({ ...ask('out of range') });
    await gateway.flushUsage();

    const totals = await new LlmUsageService(h.db).usageTotals('org-1', {
      from: new Date('2025-03-10T00:00:00Z'),
      to: new Date('2025-03-12T00:00:00Z'),
    });
    expect(totals.total).toEqual({ calls: 4, cachedCalls: 1, failedCalls: 0, inputTokens: 111, outputTokens: 56, costUsd: 0.167 });
    expect(totals.byDay).toEqual([
      { day: '2025-03-10', calls: 2, cachedCalls: 0, failedCalls: 0, inputTokens: 110, outputTokens: 55, costUsd: 0.165 },
      { day: '2025-03-11', calls: 2, cachedCalls: 1, failedCalls: 0, inputTokens: 1, outputTokens: 1, costUsd: 0.002 },
    ]);
    expect(totals.byPurpose.map((p) => [p.purpose, p.calls, p.inputTokens])).toEqual([
      ['summarize', 3, 101],
      ['vote', 1, 10],
    ]);
    expect(totals.byModel).toEqual([
      { provider: 'p1', model: 'model-1', calls: 4, cachedCalls: 1, failedCalls: 0, inputTokens: 111, outputTokens: 56, costUsd: 0.167 },
    ]);

    const none = await new LlmUsageService(h.db).usageTotals('org-404', {
      from: new Date('2025-03-10T00:00:00Z'),
      to: new Date('2025-03-12T00:00:00Z'),
    });
    expect(none).toMatchObject({ total: { calls: 0, costUsd: 0 }, byDay: [], byPurpose: [], byModel: [] });
  });
});
