import { Logger } from '@nestjs/common';
import OpenAI from 'openai';
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions/completions.js';
import { messageText } from '../chat-content.js';
import type { ChatMessage } from '../llm.types.js';
import type { ProviderConfig } from '../llm-config.js';
import type { LlmClock } from '../reliability/llm-clock.js';
import type { RateLimits } from '../reliability/rate-limiter.js';
import { classifyOpenAiError } from './classify-openai-error.js';
import {
  type LlmProvider,
  type Pricing,
  type ProviderCallOptions,
  type ProviderChatRequest,
  type ProviderCompletion,
  type ProviderEmbedding,
  type ProviderStreamPart,
  estimateMessagesTokens,
  estimateTokens,
} from './llm-provider.js';
import { ProviderFailure } from './provider-failure.js';

const clientLogger = new Logger('OpenAIClient');

/** An OpenAI-compatible endpoint (OpenAI, OpenRouter, Ollama, vLLM, LM Studio, Azure) through the official client. */
export class OpenAiProvider implements LlmProvider {
  readonly offline = false;
  readonly name: string;
  readonly model: string;
  readonly embeddingModel: string | undefined;
  readonly pricing: Pricing;
  readonly limits: RateLimits;
  private readonly client: OpenAI;

  constructor(
    private readonly config: ProviderConfig,
    private readonly clock: LlmClock,
  ) {
    this.name = config.name;
    this.model = config.model;
    this.embeddingModel = config.embeddingModel;
    this.pricing = { priceIn: config.priceIn, priceOut: config.priceOut };
    this.limits = { rpm: config.rpm, tpm: config.tpm };
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: config.apiKey,
      // Retries, timeouts and failover belong to the gateway, which sees every provider at once.
      maxRetries: 0,
      logger: {
        error: (message: string) => clientLogger.error(message),
        warn: (message: string) => clientLogger.warn(message),
        info: (message: string) => clientLogger.log(message),
        debug: (message: string) => clientLogger.debug(message),
      },
    });
  }

  withModel(model: string): LlmProvider {
    return new OpenAiProvider({ ...this.config, model }, this.clock);
  }

  async complete(request: ProviderChatRequest, options: ProviderCallOptions): Promise<ProviderCompletion> {
    const deadline = new AttemptDeadline(options);
    try {
      const completion = await this.client.chat.completions.create({ ...this.params(request), stream: false }, deadline.requestOptions());
      const text = completion.choices?.[0]?.message?.content;
      if (typeof text !== 'string') throw new ProviderFailure('malformed', `${this.name}: the completion has no message content`);
      return {
        text,
        inputTokens: completion.usage?.prompt_tokens ?? estimateMessagesTokens(request.messages),
        outputTokens: completion.usage?.completion_tokens ?? estimateTokens(text),
      };
    } catch (error) {
      throw classifyOpenAiError(error, this.name, deadline.timedOut, this.clock.now());
    } finally {
      deadline.clear();
    }
  }

  async *stream(request: ProviderChatRequest, options: ProviderCallOptions): AsyncIterable<ProviderStreamPart> {
    // Restarted at every chunk: the timeout of a stream is the longest silence allowed.
    const deadline = new AttemptDeadline(options);
    let finished = false;
    let usage: { inputTokens: number; outputTokens: number } | undefined;
    try {
      const stream = await this.client.chat.completions.create(
        { ...this.params(request), stream: true, stream_options: { include_usage: true } },
        deadline.requestOptions(),
      );
      for await (const chunk of stream) {
        deadline.restart();
        if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) finished = true;
        const text = choice?.delta?.content;
        if (text) yield { text };
      }
    } catch (error) {
      throw classifyOpenAiError(error, this.name, deadline.timedOut, this.clock.now());
    } finally {
      deadline.clear();
    }
    // Without a finish reason the connection closed early: the text may be cut mid-sentence.
    if (!finished) throw new ProviderFailure('network', `${this.name}: the stream ended before the model finished`);
    if (usage) yield { usage };
  }

  async embed(input: readonly string[], options: ProviderCallOptions): Promise<ProviderEmbedding> {
    if (!this.embeddingModel) throw new ProviderFailure('rejected', `${this.name}: no embedding model configured`);
    const deadline = new AttemptDeadline(options);
    try {
      const response = await this.client.embeddings.create(
        // Explicit floats: several compatible servers do not implement the client's base64 default.
        { model: this.embeddingModel, input: [...input], encoding_format: 'float' },
        deadline.requestOptions(),
      );
      const vectors = [...(response.data ?? [])].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      if (vectors.length !== input.length || vectors.some((v) => !Array.isArray(v))) {
        throw new ProviderFailure('malformed', `${this.name}: expected ${input.length} embeddings, got ${vectors.length}`);
      }
      return { vectors, inputTokens: response.usage?.prompt_tokens ?? input.reduce((sum, text) => sum + estimateTokens(text), 0) };
    } catch (error) {
      throw classifyOpenAiError(error, this.name, deadline.timedOut, this.clock.now());
    } finally {
      deadline.clear();
    }
  }

  private params(request: ProviderChatRequest): ChatCompletionCreateParamsBase {
    const params: ChatCompletionCreateParamsBase = {
      model: this.model,
      messages: request.messages.map(openAiMessage),
    };
    if (request.temperature !== undefined) params.temperature = request.temperature;
    if (request.maxTokens !== undefined) params.max_tokens = request.maxTokens;
    if (request.schema && this.config.jsonMode === 'json_schema') {
      params.response_format = {
        type: 'json_schema',
        json_schema: { name: request.schema.name, schema: request.schema.schema, strict: false },
      };
    } else if (request.schema && this.config.jsonMode === 'json_object') {
      params.response_format = { type: 'json_object' };
    }
    return params;
  }
}

/**
 * A message in the client's shape. Only user messages may carry images in the chat format, so a
 * system or assistant message sends its text alone; an image goes as a base64 data URL.
 */
export function openAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role !== 'user' || typeof message.content === 'string') return { role: message.role, content: messageText(message.content) };
  const parts = message.content.map((part): ChatCompletionContentPart =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.data}` } },
  );
  return { role: 'user', content: parts };
}

/**
 * The attempt's timeout, kept by us rather than by the client: we then know for sure that an abort
 * was our timeout (the client reports its own timeouts as connection errors in some runtimes), and
 * a stream can restart it at every chunk. The client's timeout stays on as a looser backstop.
 */
class AttemptDeadline {
  timedOut = false;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  private readonly forwardAbort = () => this.controller.abort();

  constructor(private readonly options: ProviderCallOptions) {
    this.timer = this.arm();
    // Linked by hand rather than with AbortSignal.any, which on Node 20 is slow and keeps
    // listeners on long-lived signals.
    if (options.signal?.aborted) this.controller.abort();
    else options.signal?.addEventListener('abort', this.forwardAbort, { once: true });
  }

  requestOptions() {
    return { signal: this.controller.signal, timeout: this.options.timeoutMs * 2 + 1000, maxRetries: 0 };
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.forwardAbort);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.options.timeoutMs);
  }
}
