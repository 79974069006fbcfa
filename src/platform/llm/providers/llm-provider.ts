import { messageImages, messageText } from '../chat-content.js';
import type { ChatMessage, JsonSchema } from '../llm.types.js';
import type { RateLimits } from '../reliability/rate-limiter.js';

/** What the gateway asks of one provider, after caching and accounting are decided. */
export interface ProviderChatRequest {
  purpose: string;
  messages: readonly ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Present for structured output: the provider should answer with JSON matching it. */
  schema?: { name: string; schema: JsonSchema };
}

export interface ProviderCallOptions {
  /** The caller's signal, when it gave one. */
  signal?: AbortSignal;
  /** For one attempt; a stream counts it between two chunks. */
  timeoutMs: number;
}

export interface ProviderCompletion {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

export type ProviderStreamPart = { text: string } | { usage: { inputTokens: number; outputTokens: number } };

export interface ProviderEmbedding {
  vectors: number[][];
  inputTokens: number;
}

export interface Pricing {
  /** USD per 1,000 tokens. */
  priceIn: number;
  priceOut: number;
}

/**
 * One link of the fallback chain. Implementations throw ProviderFailure for anything that went
 * wrong on the provider's side, already classified.
 */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  /** Undefined when the provider does not serve embeddings. */
  readonly embeddingModel: string | undefined;
  readonly offline: boolean;
  readonly pricing: Pricing;
  readonly limits: RateLimits;
  complete(request: ProviderChatRequest, options: ProviderCallOptions): Promise<ProviderCompletion>;
  /** Ends with a `usage` part when the provider reports one; throws ProviderFailure if the stream breaks. */
  stream(request: ProviderChatRequest, options: ProviderCallOptions): AsyncIterable<ProviderStreamPart>;
  embed(input: readonly string[], options: ProviderCallOptions): Promise<ProviderEmbedding>;
  /** The same provider asked for another chat model (an agent's `name/model` preference); absent when it has one model. */
  withModel?(model: string): LlmProvider;
}

export function costUsd(pricing: Pricing, inputTokens: number, outputTokens: number): number {
  const cost = (inputTokens / 1000) * pricing.priceIn + (outputTokens / 1000) * pricing.priceOut;
  // Micro-dollar precision matches the llm_usage column and keeps float noise out of the totals.
  return Math.round(cost * 1e6) / 1e6;
}

/** A rough count (≈4 characters per token in English) for rate limits and for providers that report none. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** What one image costs in input tokens, roughly (OpenAI's 1024×1024 high-detail image). */
export const IMAGE_TOKENS = 765;

export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  // ~4 tokens of framing per message, as OpenAI's chat format adds; an image counts as a
  // high-detail tile set (~765 tokens), so rate limits are not overrun by screenshots.
  return messages.reduce(
    (sum, message) => sum + estimateTokens(messageText(message.content)) + messageImages(message.content).length * IMAGE_TOKENS + 4,
    0,
  );
}
