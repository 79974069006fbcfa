/** The language-model gateway's public vocabulary: what callers send and what they get back. */

import type { LlmCallScope, ServedBecause } from './llm-call-scope.js';

export type { LlmCallScope, ServedBecause } from './llm-call-scope.js';

export type ChatRole = 'system' | 'user' | 'assistant';

/**
 * A piece of a message that is not only text. Images go to the provider as content parts (only a
 * user message may carry them); `data` is the image's bytes in base64, never a URL to fetch.
 */
export type ChatContentPart = { type: 'text'; text: string } | { type: 'image'; mediaType: string; data: string };

export interface ChatMessage {
  role: ChatRole;
  /** Plain text, or parts when the message carries images; read the text with `messageText`. */
  content: string | readonly ChatContentPart[];
}

/** A JSON Schema (draft 2020-12 subset understood by ajv and by OpenAI structured outputs). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * Well-known purposes. Usage is reported per purpose and the offline model shapes its answer by it;
 * any other string is accepted and answered generically.
 */
export const LlmPurposes = {
  acknowledge: 'acknowledge',
  summarize: 'summarize',
  attempts: 'attempts',
  vote: 'vote',
  note: 'note',
  article: 'article',
  assess: 'assess',
  brief: 'brief',
  reply: 'reply',
  embed: 'embed',
} as const;

export interface LlmCallContext {
  /** The organization the call is made for; usage is accounted to it. Null for system calls. */
  tenantId: string | null;
  /** What the call is for, e.g. `summarize`; see LlmPurposes. */
  purpose: string;
  /** Cancels the call (and any wait for a retry) when aborted. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds; defaults to LLM_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The agent and squad the call is made for: their provider preference and budgets apply. */
  scope?: LlmCallScope;
}

export interface ChatRequest extends LlmCallContext {
  messages: readonly ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Use the response cache. Defaults to true when temperature is 0, false otherwise. */
  cache?: boolean;
  cacheTtlSeconds?: number;
}

export interface StructuredRequest extends ChatRequest {
  schema: JsonSchema;
  /** Name given to the schema in the provider request; letters, digits, `_` and `-`. */
  schemaName?: string;
}

export interface EmbedRequest extends LlmCallContext {
  input: readonly string[];
  /** Embeddings are cached only when asked: vectors of different models must not be mixed. */
  cache?: boolean;
  cacheTtlSeconds?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Every answer says who produced it. */
export interface Provenance {
  provider: string;
  model: string;
  /** True when the answer came from the response cache (provider and model are the original ones). */
  cached: boolean;
  /** Why that provider served (absent for a cache hit). */
  servedBecause?: ServedBecause;
}

export interface ChatResult extends Provenance {
  text: string;
  usage: TokenUsage;
  latencyMs: number;
}

export interface StructuredResult<T> extends Provenance {
  value: T;
  text: string;
  usage: TokenUsage;
  latencyMs: number;
  /** True when the first answer broke the schema and the repaired one passed. */
  repaired: boolean;
}

export interface EmbedResult extends Provenance {
  vectors: number[][];
  usage: TokenUsage;
  latencyMs: number;
}

/** A streamed answer: iterate for text chunks in order; `result` settles when the stream ends. */
export interface LlmTextStream extends AsyncIterable<string> {
  readonly result: Promise<ChatResult>;
}

/**
 * A streamed structured answer: iterate for the JSON text as it is generated; `result` settles with
 * the validated value when the stream ends.
 */
export interface LlmStructuredStream<T> extends AsyncIterable<string> {
  readonly result: Promise<StructuredResult<T>>;
}
