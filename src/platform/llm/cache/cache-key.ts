import { createHash } from 'node:crypto';
import type { ChatMessage, JsonSchema } from '../llm.types.js';

/** What an answer depends on. Deliberately not the provider or model: any link of the chain may serve it. */
export type CacheableRequest =
  | {
      kind: 'chat';
      tenantId: string | null;
      messages: readonly ChatMessage[];
      temperature?: number;
      maxTokens?: number;
      schema?: JsonSchema;
    }
  | { kind: 'embed'; tenantId: string | null; input: readonly string[] };

/** Bump when the meaning of cached entries changes, so old rows stop matching instead of misleading. */
const KEY_VERSION = 1;

/**
 * A stable JSON text: object keys sorted at every depth, so two schemas that differ only in key
 * order share a key; array order is kept because it matters (messages, enum, inputs).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Text as it is, so keys of text-only messages are unchanged; an image by the digest of its bytes,
 * so the key depends on the picture without serializing megabytes of base64 into it.
 */
function keyedContent(content: ChatMessage['content']): unknown {
  if (typeof content === 'string') return content;
  return content.map((part) =>
    part.type === 'text'
      ? part
      : { type: 'image', mediaType: part.mediaType, sha256: createHash('sha256').update(part.data).digest('hex') },
  );
}

/**
 * The cache key. The tenant is part of it: sharing answers across organizations would let one learn,
 * from a cache hit, that another asked the very same thing.
 */
export function cacheKey(request: CacheableRequest): string {
  const content =
    request.kind === 'chat'
      ? {
          v: KEY_VERSION,
          kind: request.kind,
          tenant: request.tenantId,
          messages: request.messages.map(({ role, content }) => ({ role, content: keyedContent(content) })),
          temperature: request.temperature,
          maxTokens: request.maxTokens,
          schema: request.schema,
        }
      : { v: KEY_VERSION, kind: request.kind, tenant: request.tenantId, input: request.input };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
