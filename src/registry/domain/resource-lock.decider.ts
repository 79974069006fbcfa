import type { Decider } from '../../platform/decider/decider.js';
import { isPriority } from './priority.js';
import type { AcquireLock, ResourceLockCommand } from './resource-lock.commands.js';
import { InvalidLockRequestError, LockNotHeldError, MAX_LOCK_TTL_MS } from './resource-lock.errors.js';
import type { LockGranted, ResourceLockEvent } from './resource-lock.events.js';
import { RESOURCE_NAME } from './resource-lock.stream.js';
import { type ResourceLockState, evolveResourceLock, initialResourceLockState } from './resource-lock.state.js';

/**
 * An exclusive lock on one named resource. A free lock is granted at once; a held one queues the
 * requester. When the holder releases or its TTL passes, the lock goes straight to the first
 * waiter (highest priority, then earliest arrival), whose own TTL starts at that moment.
 */
export function decideResourceLock(command: ResourceLockCommand, state: ResourceLockState): ResourceLockEvent[] {
  const at = command.now.toISOString();
  switch (command.type) {
    case 'AcquireLock': {
      validate(command);
      const { resource, holder, ttlMs, priority } = command;
      if (state.holder?.holder === holder) {
        const expiresAt = new Date(command.now.getTime() + ttlMs).toISOString();
        return [{ type: 'LockRenewed', data: { resource, holder, lease: state.holder.lease, renewedAt: at, expiresAt } }];
      }
      if (state.waiters.some((waiter) => waiter.holder === holder)) return [];
      if (!state.holder) return [grant(state, { resource, holder, priority, ttlMs }, command.now, null)];
      return [{ type: 'LockQueued', data: { resource, holder, priority, ttlMs, requestedAt: at, arrival: state.arrivals + 1 } }];
    }
    case 'ReleaseLock': {
      const { resource, holder } = command;
      if (state.holder?.holder === holder) {
        const released: ResourceLockEvent = { type: 'LockReleased', data: { resource, holder, lease: state.holder.lease, releasedAt: at } };
        return [released, ...handOver(state, resource, command.now)];
      }
      if (state.waiters.some((waiter) => waiter.holder === holder)) {
        return [{ type: 'LockWaitAbandoned', data: { resource, holder, abandonedAt: at } }];
      }
      throw new LockNotHeldError(resource, holder);
    }
    case 'ExpireLock': {
      const current = state.holder;
      if (!current || current.lease !== command.lease || command.now.getTime() < Date.parse(current.expiresAt)) return [];
      const expired: ResourceLockEvent = {
        type: 'LockExpired',
        data: { resource: command.resource, holder: current.holder, lease: current.lease, expiredAt: at },
      };
      return [expired, ...handOver(state, command.resource, command.now)];
    }
  }
}

function handOver(state: ResourceLockState, resource: string, now: Date): LockGranted[] {
  const [next] = state.waiters;
  if (!next) return [];
  return [grant(state, { resource, holder: next.holder, priority: next.priority, ttlMs: next.ttlMs }, now, next.requestedAt)];
}

function grant(
  state: ResourceLockState,
  request: Pick<AcquireLock, 'resource' | 'holder' | 'priority' | 'ttlMs'>,
  now: Date,
  queuedAt: string | null,
): LockGranted {
  const expiresAt = new Date(now.getTime() + request.ttlMs).toISOString();
  return { type: 'LockGranted', data: { ...request, lease: state.leases + 1, grantedAt: now.toISOString(), expiresAt, queuedAt } };
}

function validate(command: AcquireLock): void {
  if (!RESOURCE_NAME.test(command.resource))
    throw new InvalidLockRequestError(`resource "${command.resource}" must match ${RESOURCE_NAME.source}`);
  if (command.holder.trim().length === 0 || command.holder.length > 200)
    throw new InvalidLockRequestError('holder must be 1 to 200 characters');
  if (!Number.isInteger(command.ttlMs) || command.ttlMs < 1 || command.ttlMs > MAX_LOCK_TTL_MS) {
    throw new InvalidLockRequestError(`ttlMs must be an integer from 1 to ${MAX_LOCK_TTL_MS}`);
  }
  if (!isPriority(command.priority)) throw new InvalidLockRequestError('priority must be CRITICAL, HIGH, NORMAL or LOW');
}

export const resourceLockDecider: Decider<ResourceLockState, ResourceLockCommand, ResourceLockEvent> = {
  initialState: initialResourceLockState,
  evolve: evolveResourceLock,
  decide: decideResourceLock,
};
