import { offlineEmbedding } from './offline/offline-embedding.js';
import { dotWithBytes, embeddingBytes } from './embedding-bytes.js';

describe('embedding bytes', () => {
  it('stores four bytes a dimension and gives back the cosine similarity of unit vectors', () => {
    const a = offlineEmbedding('Outlook keeps asking for the password');
    const b = offlineEmbedding('Outlook asks for a password again');
    const c = offlineEmbedding('Printer offline after the update');
    expect(embeddingBytes(a)).toHaveLength(a.length * 4);
    expect(dotWithBytes(embeddingBytes(a), a)).toBeCloseTo(1, 5);
    expect(dotWithBytes(embeddingBytes(a), b)).toBeGreaterThan(dotWithBytes(embeddingBytes(a), c));
  });
});
