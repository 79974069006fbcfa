import { PromiseCache } from './promise-cache.js';

describe('PromiseCache', () => {
  it('shares one read among callers of a key and keeps it', async () => {
    const cache = new PromiseCache<string>({ maxEntries: 10 });
    let reads = 0;
    const load = () => Promise.resolve(`value ${++reads}`);
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, await cache.get('k', load), reads]).toEqual(['value 1', 'value 1', 'value 1', 1]);
  });

  it('forgets a failed read, so the next caller reads again', async () => {
    const cache = new PromiseCache<string>({ maxEntries: 10 });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    await expect(cache.get('k', () => Promise.resolve('up'))).resolves.toBe('up');
  });

  it('drops the oldest entry beyond maxEntries', async () => {
    const cache = new PromiseCache<string>({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => Promise.resolve(key));
    expect(cache.size).toBe(2);
    await expect(cache.get('a', () => Promise.resolve('a again'))).resolves.toBe('a again');
    await expect(cache.get('c', () => Promise.resolve('c again'))).resolves.toBe('c');
  });

  it('reads again an entry older than maxAgeMs', async () => {
    let now = 0;
    const cache = new PromiseCache<string>({ maxEntries: 10, maxAgeMs: 1000, now: () => now });
    await cache.get('k', () => Promise.resolve('first'));
    now = 999;
    await expect(cache.get('k', () => Promise.resolve('second'))).resolves.toBe('first');
    now = 1000;
    await expect(cache.get('k', () => Promise.resolve('second'))).resolves.toBe('second');
  });
});
