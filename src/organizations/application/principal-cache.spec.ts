import type { Principal } from '../../platform/http/auth/principal.js';
import { PrincipalCache } from './principal-cache.js';

const principal = (keyId: string): Principal => ({ tenantId: 'org-1', role: 'operator', keyId });

describe('PrincipalCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('answers a remembered key until its time is up', () => {
    const cache = new PrincipalCache(clock, 100);
    cache.remember('hash-a', principal('a'), cache.begin());
    now += 99;
    expect(cache.get('hash-a')).toEqual(principal('a'));
    now += 1;
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('forgets a key by its id at once, and leaves other keys', () => {
    const cache = new PrincipalCache(clock);
    cache.remember('hash-a', principal('a'), cache.begin());
    cache.remember('hash-b', principal('b'), cache.begin());
    cache.forget('a');
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-b')).toEqual(principal('b'));
  });

  it('does not store a lookup that began before a forget (it may have read the key before its revocation)', () => {
    const cache = new PrincipalCache(clock);
    const startedIn = cache.begin();
    cache.forget('a');
    cache.remember('hash-a', principal('a'), startedIn);
    expect(cache.get('hash-a')).toBeUndefined();
    cache.remember('hash-a', principal('a'), cache.begin());
    expect(cache.get('hash-a')).toEqual(principal('a'));
  });

  it('keeps at most its size, dropping the oldest first', () => {
    const cache = new PrincipalCache(clock, 1_000, 2);
    cache.remember('hash-a', principal('a'), cache.begin());
    cache.remember('hash-b', principal('b'), cache.begin());
    cache.remember('hash-c', principal('c'), cache.begin());
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-b')).toEqual(principal('b'));
    expect(cache.get('hash-c')).toEqual(principal('c'));
  });
});
