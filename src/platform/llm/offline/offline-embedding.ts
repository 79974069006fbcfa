import { fnv1a, words } from './text-tools.js';

export const OFFLINE_EMBEDDING_DIMENSIONS = 256;

/**
 * A local embedding: signed feature hashing of words (weight 1) and of character trigrams
 * (weight 0.5, so "restart" and "restarted" land close), L2-normalised so a dot product is the
 * cosine similarity. Deterministic and free; far weaker than a trained model, but similar texts
 * score higher than unrelated ones, which is what offline search needs.
 */
export function offlineEmbedding(text: string, dimensions = OFFLINE_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    // The top bit picks the sign so collisions cancel out on average instead of piling up.
    vector[hash % dimensions] += hash & 0x80000000 ? -weight : weight;
  };
  for (const word of words(text)) {
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, 0.5);
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  // An empty text stays the zero vector: similar to nothing.
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
