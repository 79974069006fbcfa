import type { CachedAnswer } from './cache/llm-cache.js';
import { LlmAbortedError, LlmStreamInterruptedError } from './llm.errors.js';
import type { ChatRequest, ChatResult, JsonSchema, LlmTextStream } from './llm.types.js';
import { type LlmProvider, type ProviderStreamPart, costUsd, estimateMessagesTokens, estimateTokens } from './providers/llm-provider.js';
import type { BudgetedResult } from './budget/budgeted-chain.js';
import type { ChainCall } from './reliability/provider-chain.js';
import type { CallAccounting, CallFigures } from './usage/call-accounting.js';

export interface StreamCallDeps {
  request: ChatRequest;
  /** Asks the provider for JSON of this schema (structured output, streamed as its text). */
  schema?: { name: string; schema: JsonSchema };
  /** The gateway's budgeted chain, with the request's preference. */
  run<T>(call: ChainCall<T>): Promise<BudgetedResult<T>>;
  /** Marks a provider as failed after the fact (it broke off after its first chunk). */
  reportFailure(provider: LlmProvider): void;
  accounting: CallAccounting;
  cached(): Promise<CachedAnswer | undefined>;
  store(provider: LlmProvider, text: string): Promise<void>;
  failureFigures(error: unknown, attempts: number): CallFigures;
}

interface OpenedStream {
  parts: AsyncIterator<ProviderStreamPart>;
  /** The first text chunk, already read: the stream counts as started once it has arrived. */
  first: string | undefined;
  usage: { inputTokens: number; outputTokens: number } | undefined;
}

/** Reads a provider stream up to its first text chunk, so failures before any text can still fail over. */
async function openStream(provider: LlmProvider, parts: AsyncIterable<ProviderStreamPart>): Promise<OpenedStream> {
  const iterator = parts[Symbol.asyncIterator]();
  let usage: OpenedStream['usage'];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { parts: iterator, first: undefined, usage };
    if ('text' in next.value) return { parts: iterator, first: next.value.text, usage };
    usage = next.value.usage;
  }
}

/** One streamed call: cache, chain, the chunks in order, then accounting and `result`. */
export function streamCall(deps: StreamCallDeps): LlmTextStream {
  const { request, accounting } = deps;
  let settle!: { resolve(result: ChatResult): void; reject(error: unknown): void };
  const result = new Promise<ChatResult>((resolve, reject) => (settle = { resolve, reject }));
  // Callers that only iterate must not get an unhandled rejection; awaiting `result` still sees it.
  result.catch(() => undefined);

  async function* chunks(): AsyncGenerator<string> {
    const hit = await deps.cached();
    if (hit?.response.text !== undefined) {
      const latencyMs = accounting.succeeded({
        provider: hit.provider,
        model: hit.model,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        cached: true,
        attempts: 0,
      });
      if (hit.response.text) yield hit.response.text;
      settle.resolve({
        text: hit.response.text,
        provider: hit.provider,
        model: hit.model,
        cached: true,
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        latencyMs,
      });
      return;
    }
    const providerRequest = {
      purpose: request.purpose,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      ...(deps.schema ? { schema: deps.schema } : {}),
    };
    let opened: BudgetedResult<OpenedStream>;
    try {
      opened = await deps.run({
        attempt: (provider, options) => openStream(provider, provider.stream(providerRequest, options)),
        estimatedTokens: estimateMessagesTokens(request.messages) + (request.maxTokens ?? 256),
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
    } catch (error) {
      accounting.failed(error, deps.failureFigures(error, 0));
      settle.reject(error);
      throw error;
    }
    const { provider, attempts, because, settle: settleSpend } = opened;
    const served = { provider: provider.name, model: provider.model, cached: false, servedBecause: because };
    let { usage } = opened.value;
    let text = '';
    let finished = false;
    try {
      if (opened.value.first !== undefined) {
        text += opened.value.first;
        yield opened.value.first;
      }
      for (;;) {
        let next: IteratorResult<ProviderStreamPart>;
        try {
          next = await opened.value.parts.next();
        } catch (cause) {
          deps.reportFailure(provider);
          throw new LlmStreamInterruptedError(provider.name, provider.model, text, cause);
        }
        if (next.done) break;
        if ('text' in next.value) {
          text += next.value.text;
          yield next.value.text;
        } else {
          usage = next.value.usage;
        }
      }
      finished = true;
      const inputTokens = usage?.inputTokens ?? estimateMessagesTokens(request.messages);
      const outputTokens = usage?.outputTokens ?? estimateTokens(text);
      const figures = { inputTokens, outputTokens, costUsd: costUsd(provider.pricing, inputTokens, outputTokens) };
      settleSpend({ tokens: inputTokens + outputTokens, costUsd: figures.costUsd });
      await deps.store(provider, text);
      const latencyMs = accounting.succeeded({ ...served, ...figures, attempts });
      settle.resolve({ text, ...served, usage: figures, latencyMs });
    } catch (error) {
      finished = true;
      const spent = { inputTokens: usage?.inputTokens ?? estimateMessagesTokens(request.messages), outputTokens: estimateTokens(text) };
      const cost = costUsd(provider.pricing, spent.inputTokens, spent.outputTokens);
      // What was streamed before the break was paid for: it counts against the budgets.
      settleSpend({ tokens: spent.inputTokens + spent.outputTokens, costUsd: cost });
      accounting.failed(error, { ...served, ...spent, costUsd: cost, attempts });
      settle.reject(error);
      throw error;
    } finally {
      if (!finished) {
        // The consumer stopped reading: close the provider's stream and account for what was sent.
        await opened.value.parts.return?.();
        const aborted = new LlmAbortedError(attempts, provider.name, 'the reader closed the stream before the end');
        const spent = { inputTokens: usage?.inputTokens ?? estimateMessagesTokens(request.messages), outputTokens: estimateTokens(text) };
        const cost = costUsd(provider.pricing, spent.inputTokens, spent.outputTokens);
        settleSpend({ tokens: spent.inputTokens + spent.outputTokens, costUsd: cost });
        accounting.failed(aborted, { ...served, ...spent, costUsd: cost, attempts });
        settle.reject(aborted);
      }
    }
  }

  const iterator = chunks();
  return { [Symbol.asyncIterator]: () => iterator, result };
}
