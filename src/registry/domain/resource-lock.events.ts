import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { Priority } from './priority.js';

/**
 * `holder` got the lock until `expiresAt`. `lease` numbers the grants of this resource (1, 2, …)
 * so an expiry deadline can tell whether the grant it was scheduled for is still the current one.
 * `queuedAt` is set when the grant went to a waiter. Schema v1.
 */
export type LockGranted = DomainEvent<
  'LockGranted',
  {
    resource: string;
    holder: string;
    priority: Priority;
    ttlMs: number;
    lease: number;
    grantedAt: string;
    expiresAt: string;
    queuedAt: string | null;
  }
>;
/** The holder asked again: its lease runs `ttlMs` from now. Schema v1. */
export type LockRenewed = DomainEvent<
  'LockRenewed',
  { resource: string; holder: string; lease: number; renewedAt: string; expiresAt: string }
>;
/** The lock is held by someone else: `holder` waits. `arrival` orders waiters of equal priority. Schema v1. */
export type LockQueued = DomainEvent<
  'LockQueued',
  { resource: string; holder: string; priority: Priority; ttlMs: number; requestedAt: string; arrival: number }
>;
export type LockReleased = DomainEvent<'LockReleased', { resource: string; holder: string; lease: number; releasedAt: string }>;
/** The holder let its TTL pass without releasing. Schema v1. */
export type LockExpired = DomainEvent<'LockExpired', { resource: string; holder: string; lease: number; expiredAt: string }>;
/** A waiter gave up before it got the lock. Schema v1. */
export type LockWaitAbandoned = DomainEvent<'LockWaitAbandoned', { resource: string; holder: string; abandonedAt: string }>;

export type ResourceLockEvent = LockGranted | LockRenewed | LockQueued | LockReleased | LockExpired | LockWaitAbandoned;

export const RESOURCE_LOCK_EVENT_TYPES: readonly ResourceLockEvent['type'][] = [
  'LockGranted',
  'LockRenewed',
  'LockQueued',
  'LockReleased',
  'LockExpired',
  'LockWaitAbandoned',
];
