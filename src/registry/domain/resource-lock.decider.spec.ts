import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { Priority } from './priority.js';
import { resourceLockDecider } from './resource-lock.decider.js';
import { InvalidLockRequestError, LockNotHeldError } from './resource-lock.errors.js';
import type { ResourceLockEvent } from './resource-lock.events.js';

const t0 = new Date('2025-11-22T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const iso = (ms: number) => later(ms).toISOString();
const resource = 'device:tv-1';
const lock = deciderSpec(resourceLockDecider);

const granted = (
  holder: string,
  lease: number,
  atMs = 0,
  ttlMs = 30_000,
  priority: Priority = 'NORMAL',
  queuedAt: string | null = null,
): ResourceLockEvent => ({
  type: 'LockGranted',
  data: { resource, holder, priority, ttlMs, lease, grantedAt: iso(atMs), expiresAt: iso(atMs + ttlMs), queuedAt },
});
const queued = (holder: string, arrival: number, priority: Priority, atMs = 0, ttlMs = 30_000): ResourceLockEvent => ({
  type: 'LockQueued',
  data: { resource, holder, priority, ttlMs, requestedAt: iso(atMs), arrival },
});
const acquire = (holder: string, priority: Priority = 'NORMAL', atMs = 0, ttlMs = 30_000) =>
  ({ type: 'AcquireLock', resource, holder, ttlMs, priority, now: later(atMs) }) as const;

describe('resource lock decider', () => {
  it('grants a free lock at once, with lease 1 and its TTL', () => {
    lock
      .given([])
      .when(acquire('alice'))
      .then([granted('alice', 1)]);
  });

  it('queues a requester while the lock is held, numbering arrivals', () => {
    lock
      .given([granted('alice', 1)])
      .when(acquire('bob', 'HIGH', 5))
      .then([queued('bob', 1, 'HIGH', 5)]);
    lock
      .given([granted('alice', 1), queued('bob', 1, 'HIGH')])
      .when(acquire('carol', 'LOW', 6))
      .then([queued('carol', 2, 'LOW', 6)]);
  });

  it('renews the lease when the holder asks again', () => {
    lock
      .given([granted('alice', 1)])
      .when(acquire('alice', 'NORMAL', 10_000))
      .then([{ type: 'LockRenewed', data: { resource, holder: 'alice', lease: 1, renewedAt: iso(10_000), expiresAt: iso(40_000) } }]);
  });

  it('does nothing when a waiter asks again', () => {
    lock
      .given([granted('alice', 1), queued('bob', 1, 'HIGH')])
      .when(acquire('bob', 'CRITICAL'))
      .thenNothingHappened();
  });

  it('hands the lock on release to the highest priority waiter, then the earliest', () => {
    const history = [
      granted('alice', 1),
      queued('low', 1, 'LOW'),
      queued('high-a', 2, 'HIGH', 2),
      queued('high-b', 3, 'HIGH', 1),
      queued('crit', 4, 'CRITICAL', 3),
    ];
    lock
      .given(history)
      .when({ type: 'ReleaseLock', resource, holder: 'alice', now: later(100) })
      .then([
        { type: 'LockReleased', data: { resource, holder: 'alice', lease: 1, releasedAt: iso(100) } },
        granted('crit', 2, 100, 30_000, 'CRITICAL', iso(3)),
      ]);
    lock
      .given([...history, granted('crit', 2, 100, 30_000, 'CRITICAL', iso(3))])
      .when({ type: 'ReleaseLock', resource, holder: 'crit', now: later(200) })
      .thenState((state) => {
        expect(state.holder?.holder).toBe('high-a');
        expect(state.waiters.map((w) => w.holder)).toEqual(['high-b', 'low']);
      });
  });

  it('orders equal priorities by arrival, not by request time', () => {
    lock
      .given([granted('alice', 1), queued('second', 2, 'NORMAL', 0), queued('first', 1, 'NORMAL', 50)])
      .when({ type: 'ReleaseLock', resource, holder: 'alice', now: later(100) })
      .thenState((state) => expect(state.holder?.holder).toBe('first'));
  });

  it('frees the lock on release when nobody waits', () => {
    lock
      .given([granted('alice', 1)])
      .when({ type: 'ReleaseLock', resource, holder: 'alice', now: later(1) })
      .then([{ type: 'LockReleased', data: { resource, holder: 'alice', lease: 1, releasedAt: iso(1) } }]);
  });

  it('lets a waiter leave the queue', () => {
    lock
      .given([granted('alice', 1), queued('bob', 1, 'LOW')])
      .when({ type: 'ReleaseLock', resource, holder: 'bob', now: later(1) })
      .then([{ type: 'LockWaitAbandoned', data: { resource, holder: 'bob', abandonedAt: iso(1) } }]);
  });

  it('refuses a release by someone who neither holds nor waits', () => {
    lock
      .given([granted('alice', 1)])
      .when({ type: 'ReleaseLock', resource, holder: 'mallory', now: t0 })
      .thenThrows(LockNotHeldError);
    lock.given([]).when({ type: 'ReleaseLock', resource, holder: 'alice', now: t0 }).thenThrows(LockNotHeldError);
  });

  describe('expiry', () => {
    it('expires the current lease once due and grants the next waiter a fresh TTL', () => {
      lock
        .given([granted('alice', 1), queued('bob', 1, 'HIGH', 5, 10_000)])
        .when({ type: 'ExpireLock', resource, lease: 1, now: later(30_000) })
        .then([
          { type: 'LockExpired', data: { resource, holder: 'alice', lease: 1, expiredAt: iso(30_000) } },
          granted('bob', 2, 30_000, 10_000, 'HIGH', iso(5)),
        ]);
    });

    it('does nothing before the lease is due (it was renewed)', () => {
      const renewed: ResourceLockEvent = {
        type: 'LockRenewed',
        data: { resource, holder: 'alice', lease: 1, renewedAt: iso(20_000), expiresAt: iso(50_000) },
      };
      lock
        .given([granted('alice', 1), renewed])
        .when({ type: 'ExpireLock', resource, lease: 1, now: later(30_000) })
        .thenNothingHappened();
    });

    it('does nothing for a lease that already ended (a late or repeated deadline)', () => {
      const released: ResourceLockEvent = { type: 'LockReleased', data: { resource, holder: 'alice', lease: 1, releasedAt: iso(1) } };
      lock
        .given([granted('alice', 1), released])
        .when({ type: 'ExpireLock', resource, lease: 1, now: later(60_000) })
        .thenNothingHappened();
      lock
        .given([granted('alice', 1), released, granted('bob', 2, 2)])
        .when({ type: 'ExpireLock', resource, lease: 1, now: later(60_000) })
        .thenNothingHappened();
    });
  });

  it.each([
    ['a zero TTL', { ttlMs: 0 }],
    ['a fractional TTL', { ttlMs: 1.5 }],
    ['a TTL over a day', { ttlMs: 86_400_001 }],
    ['an empty holder', { holder: ' ' }],
    ['a resource with spaces', { resource: 'my resource' }],
    ['an unknown priority', { priority: 'URGENT' as Priority }],
  ])('refuses %s', (_case, change) => {
    lock
      .given([])
      .when({ ...acquire('alice'), ...change })
      .thenThrows(InvalidLockRequestError);
  });
});
