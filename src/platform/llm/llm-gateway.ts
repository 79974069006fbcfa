import { BudgetedChain } from './budget/budgeted-chain.js';
import type { BudgetGuard, Spend } from './budget/budget-guard.js';
import { type CacheableRequest, cacheKey } from './cache/cache-key.js';
import type { CachedAnswer, LlmCache } from './cache/llm-cache.js';
import type { LlmSettings } from './llm-config.js';
import { LlmAbortedError, LlmStructuredOutputError, LlmUnavailableError } from './llm.errors.js';
import type {
  ChatRequest,
  EmbedRequest,
  JsonSchema,
  EmbedResult,
  ChatResult,
  LlmCallContext,
  LlmStructuredStream,
  LlmTextStream,
  StructuredRequest,
  StructuredResult,
  TokenUsage,
} from './llm.types.js';
import { type LlmProvider, type ProviderChatRequest, costUsd, estimateMessagesTokens, estimateTokens } from './providers/llm-provider.js';
import type { CircuitState } from './reliability/circuit-breaker.js';
import { type LlmClock, systemClock } from './reliability/llm-clock.js';
import { ProviderChain } from './reliability/provider-chain.js';
import { streamCall } from './stream-call.js';
import { SchemaValidator } from './structured/schema-validator.js';
import { repairMessages, schemaName, withSchemaInstruction } from './structured/structured-prompt.js';
import { CallAccounting, type CallFigures } from './usage/call-accounting.js';
import type { CallKind } from './usage/usage-record.js';
import type { UsageSink } from './usage/usage-recorder.js';

export interface LlmGatewayOptions {
  settings: LlmSettings;
  /** The chain in fallback order, the offline model last when it is part of it. */
  providers: readonly LlmProvider[];
  cache: LlmCache;
  usage: UsageSink;
  clock?: LlmClock;
}

interface CachePlan {
  key: string;
  ttlSeconds: number;
}

/**
 * The one way modules talk to language models: chat, structured output, streaming and
 * embeddings, each through the fallback chain, the response cache and the usage ledger.
 */
export class LlmGateway {
  readonly clock: LlmClock;
  readonly chain: ProviderChain;
  /** The chain behind the budgets: every provider call goes through it. */
  private readonly calls: BudgetedChain;
  private readonly validator = new SchemaValidator();
  private readonly cache: LlmCache;
  private readonly usage: UsageSink;
  private readonly settings: LlmSettings;

  constructor(options: LlmGatewayOptions) {
    this.clock = options.clock ?? systemClock;
    this.settings = options.settings;
    this.cache = options.cache;
    this.usage = options.usage;
    this.chain = new ProviderChain(options.providers, options.settings, this.clock);
    this.calls = new BudgetedChain(this.chain, options.settings.totalTimeoutMs);
  }

  /** From now on, calls for an organization are reserved against and settled with its budgets. */
  enforceBudgets(guard: BudgetGuard): void {
    this.calls.enforce(guard);
  }

  /** Providers in fallback order with their circuit state, for health pages and logs. */
  describe(): Array<{ provider: string; model: string; offline: boolean; circuit: CircuitState }> {
    const states = this.chain.circuitStates();
    return this.chain.providers.map((provider, i) => ({
      provider: provider.name,
      model: provider.model,
      offline: provider.offline,
      circuit: states[i].state,
    }));
  }

  /** Resolves when every usage record and budget settlement so far is stored. */
  async flushUsage(): Promise<void> {
    await Promise.all([this.usage.flush(), this.calls.flush()]);
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const accounting = this.account('chat', request);
    const plan = this.cachePlan(request, {
      kind: 'chat',
      tenantId: request.tenantId,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    });
    // No plan, no lookup: a call that is not cached should not pay a promise hop for it.
    const hit = plan ? await this.cached(plan) : undefined;
    if (hit?.response.text !== undefined) {
      const latencyMs = accounting.succeeded(cachedFigures(hit));
      return { text: hit.response.text, provider: hit.provider, model: hit.model, cached: true, usage: noUsage(), latencyMs };
    }
    const providerRequest: ProviderChatRequest = {
      purpose: request.purpose,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    };
    try {
      const { value, provider, attempts, because, settle } = await this.calls.run(
        request,
        {
          attempt: (p, options) => p.complete(providerRequest, options),
          estimatedTokens: estimateMessagesTokens(request.messages) + (request.maxTokens ?? 256),
          usedTokens: (completion) => completion.inputTokens + completion.outputTokens,
          timeoutMs: request.timeoutMs,
          signal: request.signal,
          preference: request.scope?.providerPreference,
        },
        this.clock.now(),
      );
      const usage = usageOf(provider, value.inputTokens, value.outputTokens);
      settle(spendOf(usage));
      if (plan) await this.store(plan, provider, { text: value.text });
      const served = { provider: provider.name, model: provider.model, cached: false, servedBecause: because };
      const latencyMs = accounting.succeeded({ ...served, ...usage, attempts });
      return { text: value.text, ...served, usage, latencyMs };
    } catch (error) {
      accounting.failed(error, this.failureFigures(error, 0));
      throw error;
    }
  }

  /**
   * An answer that is data: JSON validated against `schema`. An invalid answer gets one repair
   * attempt (the model sees its answer and the errors); a second invalid one is
   * LlmStructuredOutputError.
   */
  async structured<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    this.validator.compile(request.schema);
    const accounting = this.account('structured', request);
    const messages = withSchemaInstruction(request.messages, request.schema);
    const plan = this.cachePlan(request, {
      kind: 'chat',
      tenantId: request.tenantId,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      schema: request.schema,
    });
    const hit = await this.cached(plan);
    if (hit?.response.text !== undefined) {
      const valid = this.validator.validateText<T>(request.schema, hit.response.text);
      if (valid.ok) {
        const latencyMs = accounting.succeeded(cachedFigures(hit));
        return {
          value: valid.value,
          text: hit.response.text,
          provider: hit.provider,
          model: hit.model,
          cached: true,
          repaired: false,
          usage: noUsage(),
          latencyMs,
        };
      }
    }
    const schema = { name: schemaName(request.schemaName), schema: request.schema };
    const spent = { inputTokens: 0, outputTokens: 0, costUsd: 0, attempts: 0 };
    const ask = async (conversation: typeof messages) => {
      const { value, provider, attempts, because, settle } = await this.calls.run(
        request,
        {
          attempt: (p, options) =>
            p.complete(
              { purpose: request.purpose, messages: conversation, temperature: request.temperature, maxTokens: request.maxTokens, schema },
              options,
            ),
          estimatedTokens: estimateMessagesTokens(conversation) + (request.maxTokens ?? 512),
          usedTokens: (completion) => completion.inputTokens + completion.outputTokens,
          timeoutMs: request.timeoutMs,
          signal: request.signal,
          preference: request.scope?.providerPreference,
        },
        this.clock.now(),
      );
      const usage = usageOf(provider, value.inputTokens, value.outputTokens);
      settle(spendOf(usage));
      spent.inputTokens += usage.inputTokens;
      spent.outputTokens += usage.outputTokens;
      spent.costUsd = roundCost(spent.costUsd + usage.costUsd);
      spent.attempts += attempts;
      return { text: value.text, provider, because };
    };
    try {
      let answer = await ask(messages);
      let validation = this.validator.validateText<T>(request.schema, answer.text);
      let repaired = false;
      if (!validation.ok) {
        answer = await ask(repairMessages(messages, answer.text, validation.errors));
        validation = this.validator.validateText<T>(request.schema, answer.text);
        repaired = true;
        if (!validation.ok) throw new LlmStructuredOutputError(validation.errors, answer.text, answer.provider.name, answer.provider.model);
      }
      await this.store(plan, answer.provider, { text: answer.text });
      const usage = { inputTokens: spent.inputTokens, outputTokens: spent.outputTokens, costUsd: spent.costUsd };
      const latencyMs = accounting.succeeded({
        provider: answer.provider.name,
        model: answer.provider.model,
        ...usage,
        cached: false,
        servedBecause: answer.because,
        attempts: spent.attempts,
      });
      return {
        value: validation.value,
        text: answer.text,
        provider: answer.provider.name,
        model: answer.provider.model,
        cached: false,
        servedBecause: answer.because,
        repaired,
        usage,
        latencyMs,
      };
    } catch (error) {
      const figures = this.failureFigures(error, spent.attempts);
      accounting.failed(error, { ...figures, inputTokens: spent.inputTokens, outputTokens: spent.outputTokens, costUsd: spent.costUsd });
      throw error;
    }
  }

  /**
   * Text as it is generated. Failover happens only before the first chunk; a provider that breaks
   * off later ends the stream with LlmStreamInterruptedError (switching model mid-sentence would
   * garble the text). `result` settles when the stream has been read to the end.
   */
  stream(request: ChatRequest): LlmTextStream {
    return this.streamWith(request);
  }

  /**
   * A structured answer streamed as it is generated (e.g. to show a reply's text while it is
   * written): the provider is asked for JSON of `schema`, the chunks are that JSON's text, and
   * `result` validates the whole. An answer that breaks the schema is asked again without
   * streaming, with the structured call's one repair (`repaired` is then true).
   */
  streamStructured<T>(request: StructuredRequest): LlmStructuredStream<T> {
    this.validator.compile(request.schema);
    const text = this.streamWith(request, request.schema, request.schemaName);
    const result = text.result.then(async (answer): Promise<StructuredResult<T>> => {
      const valid = this.validator.validateText<T>(request.schema, answer.text);
      if (valid.ok) return { ...answer, value: valid.value, repaired: false };
      const retried = await this.structured<T>(request);
      const usage = {
        inputTokens: answer.usage.inputTokens + retried.usage.inputTokens,
        outputTokens: answer.usage.outputTokens + retried.usage.outputTokens,
        costUsd: roundCost(answer.usage.costUsd + retried.usage.costUsd),
      };
      return { ...retried, usage, repaired: true };
    });
    // Callers that only iterate must not get an unhandled rejection; awaiting `result` still sees it.
    result.catch(() => undefined);
    return { [Symbol.asyncIterator]: () => text[Symbol.asyncIterator](), result };
  }

  /**
   * One streamed call through the budgeted chain, cached and accounted. With `schema` the provider is
   * asked for JSON of it (the schema joins the cache key) and only an answer that validates is cached.
   */
  private streamWith(request: ChatRequest, schema?: JsonSchema, name?: string): LlmTextStream {
    const accounting = this.account('stream', request);
    const plan = this.cachePlan(request, {
      kind: 'chat',
      tenantId: request.tenantId,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      ...(schema ? { schema } : {}),
    });
    return streamCall({
      request: schema ? { ...request, messages: withSchemaInstruction(request.messages, schema) } : request,
      ...(schema ? { schema: { name: schemaName(name), schema } } : {}),
      run: (call) => this.calls.run(request, { ...call, preference: request.scope?.providerPreference }, this.clock.now(), 'stream'),
      reportFailure: (provider) => this.chain.reportFailure(provider),
      accounting,
      cached: () => this.cached(plan),
      store: (provider, text) =>
        !schema || this.validator.validateText(schema, text).ok ? this.store(plan, provider, { text }) : Promise.resolve(),
      failureFigures: (error, attempts) => this.failureFigures(error, attempts),
    });
  }

  /**
   * Vectors for similarity search, from the first provider with an embedding model (the offline
   * model's hashed embedding at the end of the chain). Vectors of different models do not compare:
   * store `model` with them and compare only like with like.
   */
  async embed(request: EmbedRequest): Promise<EmbedResult> {
    const accounting = this.account('embed', request);
    const plan = request.cache
      ? this.cachePlan({ ...request, cache: true }, { kind: 'embed', tenantId: request.tenantId, input: request.input })
      : undefined;
    const hit = await this.cached(plan);
    if (hit?.response.vectors) {
      const latencyMs = accounting.succeeded(cachedFigures(hit));
      return { vectors: hit.response.vectors, provider: hit.provider, model: hit.model, cached: true, usage: noUsage(), latencyMs };
    }
    try {
      const { value, provider, attempts, because, settle } = await this.calls.run(
        request,
        {
          attempt: (p, options) => p.embed(request.input, options),
          eligible: (p) => p.embeddingModel !== undefined,
          estimatedTokens: request.input.reduce((sum, text) => sum + estimateTokens(text), 0),
          usedTokens: (embedding) => embedding.inputTokens,
          timeoutMs: request.timeoutMs,
          signal: request.signal,
          preference: request.scope?.providerPreference,
        },
        this.clock.now(),
      );
      const model = provider.embeddingModel ?? provider.model;
      const usage = usageOf(provider, value.inputTokens, 0);
      settle(spendOf(usage));
      await this.store(plan, provider, { vectors: value.vectors }, model);
      const served = { provider: provider.name, model, cached: false, servedBecause: because };
      const latencyMs = accounting.succeeded({ ...served, ...usage, attempts });
      return { vectors: value.vectors, ...served, usage, latencyMs };
    } catch (error) {
      accounting.failed(error, this.failureFigures(error, 0));
      throw error;
    }
  }

  private account(kind: CallKind, context: LlmCallContext): CallAccounting {
    return new CallAccounting(kind, context, this.clock, this.usage);
  }

  private cachePlan(
    request: { cache?: boolean; cacheTtlSeconds?: number; temperature?: number },
    content: CacheableRequest,
  ): CachePlan | undefined {
    // Only deterministic calls are cached unless the caller says otherwise: a sampled answer is meant to vary.
    const enabled = request.cache ?? request.temperature === 0;
    const ttlSeconds = request.cacheTtlSeconds ?? this.settings.cacheTtlSeconds;
    return enabled && ttlSeconds > 0 ? { key: cacheKey(content), ttlSeconds } : undefined;
  }

  private cached(plan: CachePlan | undefined): Promise<CachedAnswer | undefined> {
    return plan ? this.cache.get(plan.key, this.clock.now()) : Promise.resolve(undefined);
  }

  private async store(
    plan: CachePlan | undefined,
    provider: LlmProvider,
    response: CachedAnswer['response'],
    model = provider.model,
  ): Promise<void> {
    // Offline answers are free to recompute, and caching one would keep serving it after the real provider recovers.
    if (!plan || provider.offline) return;
    await this.cache.put(plan.key, { provider: provider.name, model, response }, this.clock.now(), plan.ttlSeconds);
  }

  /** Who to blame in the ledger for a failed call, and how many requests it made. */
  private failureFigures(error: unknown, earlierAttempts: number): CallFigures {
    let name: string | undefined;
    let attempts = earlierAttempts;
    if (error instanceof LlmUnavailableError) {
      name = error.attempts.at(-1)?.provider;
      attempts += error.requests;
    } else if (error instanceof LlmAbortedError) {
      name = error.lastProvider;
      attempts += error.attempts;
    } else if (error instanceof LlmStructuredOutputError) {
      name = error.provider;
    }
    const provider = this.chain.providers.find((p) => p.name === name);
    return {
      provider: provider?.name ?? 'none',
      model: provider?.model ?? 'none',
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      cached: false,
      attempts,
    };
  }
}

function usageOf(provider: LlmProvider, inputTokens: number, outputTokens: number): TokenUsage {
  return { inputTokens, outputTokens, costUsd: costUsd(provider.pricing, inputTokens, outputTokens) };
}

function spendOf(usage: TokenUsage): Spend {
  return { tokens: usage.inputTokens + usage.outputTokens, costUsd: usage.costUsd };
}

function noUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

function cachedFigures(hit: CachedAnswer): CallFigures {
  // A hit costs nothing and uses no provider tokens; `cached` marks it in the ledger.
  return { provider: hit.provider, model: hit.model, inputTokens: 0, outputTokens: 0, costUsd: 0, cached: true, attempts: 0 };
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
