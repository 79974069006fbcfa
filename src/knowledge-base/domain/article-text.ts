import { createHash } from 'node:crypto';

/**
 * The text an article is embedded from: title, tags and the start of the content (embedding models
 * read a bounded input, and the opening of an article says what it is about).
 */
export const EMBEDDED_CONTENT_CHARS = 4_000;

export function embeddingTextOf(article: { title: string; tags: readonly string[]; content: string }): string {
  return [article.title, article.tags.join(', '), article.content.slice(0, EMBEDDED_CONTENT_CHARS)].filter(Boolean).join('\n');
}

/** A unit vector (or the zero vector): the dot product of two is their cosine similarity, which the search computes in SQL. */
export function normalized(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? [...vector] : vector.map((x) => x / norm);
}

/** The key of an article's stored embedding: the hash of the text it was computed from. */
export function embeddedTextHash(article: { title: string; tags: readonly string[]; content: string }): string {
  return createHash('sha256').update(embeddingTextOf(article)).digest('hex');
}
