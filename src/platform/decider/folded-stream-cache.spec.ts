import { FoldedStreamCache } from './folded-stream-cache.js';

describe('FoldedStreamCache: the latest folds of the streams used most recently', () => {
  it('keeps at most its capacity, dropping the stream used least recently', () => {
    const cache = new FoldedStreamCache<string>(2);
    cache.remember('a', { state: 'a1', version: 1 });
    cache.remember('b', { state: 'b1', version: 1 });
    cache.get('a');
    cache.remember('c', { state: 'c1', version: 1 });
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ state: 'a1', version: 1 });
    expect(cache.get('c')).toEqual({ state: 'c1', version: 1 });
  });

  it('keeps the later fold of a stream when an earlier one is remembered after it', () => {
    const cache = new FoldedStreamCache<string>(2);
    cache.remember('a', { state: 'a3', version: 3 });
    cache.remember('a', { state: 'a2', version: 2 });
    expect(cache.get('a')).toEqual({ state: 'a3', version: 3 });
    cache.remember('a', { state: 'a4', version: 4 });
    expect(cache.get('a')).toEqual({ state: 'a4', version: 4 });
    expect(cache.size).toBe(1);
  });
});
