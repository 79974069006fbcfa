import type { Priority } from './priority.js';

export interface AcquireLock {
  type: 'AcquireLock';
  resource: string;
  holder: string;
  ttlMs: number;
  priority: Priority;
  now: Date;
}

/** By the holder: frees the lock. By a waiter: leaves the queue. */
export interface ReleaseLock {
  type: 'ReleaseLock';
  resource: string;
  holder: string;
  now: Date;
}

/** Delivered by the expiry deadline of grant `lease`; does nothing unless that grant is current and due. */
export interface ExpireLock {
  type: 'ExpireLock';
  resource: string;
  lease: number;
  now: Date;
}

export type ResourceLockCommand = AcquireLock | ReleaseLock | ExpireLock;
