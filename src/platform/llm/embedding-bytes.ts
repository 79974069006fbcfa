/**
 * Embeddings are stored as little-endian float32 bytes (bytea): a quarter of a float8[] and read
 * into a Float32Array without parsing text.
 */
export function embeddingBytes(vector: readonly number[]): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes;
}

/** The dot product of stored bytes with a vector: their cosine similarity, both being unit vectors. */
export function dotWithBytes(bytes: Buffer, vector: readonly number[]): number {
  const n = Math.min(bytes.length / 4, vector.length);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += bytes.readFloatLE(i * 4) * vector[i];
  return dot;
}
