import { Logger } from '@nestjs/common';
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions/completions.js';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings.js';
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
      const response = await this.client.chat.completions
        .create({ ...this.params(request), stream: false }, deadline.requestOptions())
        .asResponse();
      const completion: ChatCompletion = await deadline.readJson(response);
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
    const deadline = new AttemptDeadline(options, { abortable: true });
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
      const response: CreateEmbeddingResponse = await deadline.readJson(
        await this.client.embeddings
          .create(
            // Explicit floats: several compatible servers do not implement the client's base64 default.
            { model: this.embeddingModel, input: [...input], encoding_format: 'float' },
            deadline.requestOptions(),
          )
          .asResponse(),
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
 * The attempt's timeout, kept by us rather than left to the client alone: the client's own timer
 * stops at the response headers, so a provider that stalls mid-body would hang the call, and we
 * must know for sure that an abort was our timeout (the client reports its own timeouts as
 * connection errors in some runtimes).
 *
 * A call without a caller's signal needs no AbortController of ours (each one costs the call an
 * abort listener, ~10 µs of CPU and garbage, on Node 20): up to the headers the client's timeout,
 * set to the attempt's, aborts the request; then the body is read here, through a reader our timer
 * cancels (which also spares the client's own parse, whose debug log formats the response's
 * details whether or not debug is on). A stream (restarted at every chunk) or a caller's signal
 * gets a controller of ours: the client never removes the listener it adds to the signal it is
 * given, so a caller's long-lived signal must not be handed to it directly.
 */
class AttemptDeadline {
  timedOut = false;
  private readonly controller: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private timer: NodeJS.Timeout;

  private readonly forwardAbort = () => this.controller?.abort();

  constructor(
    private readonly options: ProviderCallOptions,
    { abortable = false }: { abortable?: boolean } = {},
  ) {
    this.timer = this.arm();
    if (!abortable && !options.signal) return;
    this.controller = new AbortController();
    // Linked by hand rather than with AbortSignal.any, which on Node 20 is slow and keeps
    // listeners on long-lived signals.
    if (options.signal?.aborted) this.controller.abort();
    else options.signal?.addEventListener('abort', this.forwardAbort, { once: true });
  }

  requestOptions() {
    // With a controller of ours the client's timeout is only a looser backstop; without, it is the
    // attempt's timeout up to the headers (a whole number of milliseconds, as the client requires).
    return this.controller
      ? { signal: this.controller.signal, timeout: this.options.timeoutMs * 2 + 1000, maxRetries: 0 }
      : { timeout: Math.ceil(this.options.timeoutMs), maxRetries: 0 };
  }

  /** The response's JSON body, read under the attempt's timeout. */
  async readJson<T>(response: Response): Promise<T> {
    if (this.timedOut) {
      response.body?.cancel().catch(() => undefined);
      throw new AttemptTimedOut();
    }
    const parts: Uint8Array[] = [];
    if (response.body) {
      this.reader = response.body.getReader();
      for (;;) {
        const { done, value } = await this.reader.read();
        // A reader cancelled by the timer reads as done: what came so far is a cut body.
        if (this.timedOut) throw new AttemptTimedOut();
        if (done) break;
        parts.push(value);
      }
    }
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as T;
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
      this.controller?.abort();
      // Cancelling the body aborts the request under it (its connection is closed, not reused).
      this.reader?.cancel().catch(() => undefined);
    }, this.options.timeoutMs);
  }
}

/** The attempt's time ran out while its body was read (classified as a timeout by `timedOut`). */
class AttemptTimedOut extends Error {
  constructor() {
    super('no complete answer within the attempt timeout');
  }
}
