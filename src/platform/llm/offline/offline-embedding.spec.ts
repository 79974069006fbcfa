import { OFFLINE_EMBEDDING_DIMENSIONS, cosineSimilarity, offlineEmbedding } from './offline-embedding.js';

describe('offlineEmbedding', () => {
  it('is deterministic, fixed-size and unit-length', () => {
    const vector = offlineEmbedding('The VPN disconnects every ten minutes');
    expect(vector).toEqual(offlineEmbedding('The VPN disconnects every ten minutes'));
    expect(vector).toHaveLength(OFFLINE_EMBEDDING_DIMENSIONS);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
  });

  it('scores related texts above unrelated ones', () => {
    const query = offlineEmbedding('vpn keeps disconnecting');
    const related = offlineEmbedding('The VPN disconnected again after the update');
    const unrelated = offlineEmbedding('Quarterly invoice for the marketing budget');
    expect(cosineSimilarity(query, related)).toBeGreaterThan(cosineSimilarity(query, unrelated) + 0.2);
  });

  it('gives the zero vector for text without words, similar to nothing', () => {
    expect(offlineEmbedding('  ').every((x) => x === 0)).toBe(true);
    expect(cosineSimilarity(offlineEmbedding(''), offlineEmbedding('vpn'))).toBe(0);
  });
});
