import { type Priority, byPriorityThenArrival } from './priority.js';
import type { ResourceLockEvent } from './resource-lock.events.js';

export interface LockHolder {
  holder: string;
  priority: Priority;
  lease: number;
  grantedAt: string;
  expiresAt: string;
}

export interface LockWaiter {
  holder: string;
  priority: Priority;
  ttlMs: number;
  requestedAt: string;
  arrival: number;
}

export interface ResourceLockState {
  holder: LockHolder | null;
  /** Always sorted: the next to get the lock first (priority, then arrival). */
  waiters: readonly LockWaiter[];
  /** Grants so far; the next grant's lease is `leases + 1`. */
  leases: number;
  /** Waiters so far; the next waiter's arrival is `arrivals + 1`. */
  arrivals: number;
}

export function initialResourceLockState(): ResourceLockState {
  return { holder: null, waiters: [], leases: 0, arrivals: 0 };
}

export function evolveResourceLock(state: ResourceLockState, event: ResourceLockEvent): ResourceLockState {
  switch (event.type) {
    case 'LockGranted': {
      const { holder, priority, lease, grantedAt, expiresAt } = event.data;
      return {
        ...state,
        holder: { holder, priority, lease, grantedAt, expiresAt },
        waiters: state.waiters.filter((waiter) => waiter.holder !== holder),
        leases: Math.max(state.leases, lease),
      };
    }
    case 'LockRenewed':
      return state.holder ? { ...state, holder: { ...state.holder, expiresAt: event.data.expiresAt } } : state;
    case 'LockQueued': {
      const { holder, priority, ttlMs, requestedAt, arrival } = event.data;
      const waiters = [...state.waiters, { holder, priority, ttlMs, requestedAt, arrival }].sort(byPriorityThenArrival);
      return { ...state, waiters, arrivals: Math.max(state.arrivals, arrival) };
    }
    case 'LockReleased':
    case 'LockExpired':
      return state.holder?.lease === event.data.lease ? { ...state, holder: null } : state;
    case 'LockWaitAbandoned':
      return { ...state, waiters: state.waiters.filter((waiter) => waiter.holder !== event.data.holder) };
  }
}
