import { cancelDeadline, scheduleDeadline } from '../../platform/deadlines/deadline.js';
import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { priorityRank } from '../domain/priority.js';
import { RESOURCE_LOCK_EVENT_TYPES, type ResourceLockEvent } from '../domain/resource-lock.events.js';
import { tenantOf } from './tenant-of.js';

export const LOCK_EXPIRY_DEADLINE = 'registry.lock-expiry';

export interface LockExpiryPayload {
  resource: string;
  lease: number;
  [key: string]: unknown;
}

/** One deadline per (grant, expiry time): a renewal schedules a new one and the old one fires as a no-op. */
export function lockExpiryKey(tenantId: string, resource: string, lease: number, expiresAt: string): string {
  return `${LOCK_EXPIRY_DEADLINE}:${tenantId}:${Date.parse(expiresAt)}:${lease}:${resource}`;
}

/**
 * Lock holders and waiters, inline, and the expiry deadline of every grant written in the same
 * transaction — so a granted lock always has a deadline and a released one never fires.
 */
export class ResourceLocksProjection extends PerEventProjection<ResourceLockEvent> {
  readonly name = 'registry.resource_locks';
  readonly mode = 'inline';
  readonly eventTypes = RESOURCE_LOCK_EVENT_TYPES;

  protected applyEvent(event: Recorded<ResourceLockEvent>, tx: Sql): Promise<void> {
    return this.applyOne(tx, tenantOf(event), event, event.position);
  }

  private async applyOne(tx: Sql, tenantId: string, event: ResourceLockEvent, position: number): Promise<void> {
    const { resource } = event.data;
    switch (event.type) {
      case 'LockGranted': {
        const { holder, priority, lease, grantedAt, expiresAt } = event.data;
        await tx.query(
          `INSERT INTO registry_locks (tenant_id, resource, holder, priority, lease, granted_at, expires_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (tenant_id, resource) DO UPDATE
             SET holder = $3, priority = $4, lease = $5, granted_at = $6, expires_at = $7, position = $8
             WHERE registry_locks.lease <= $5`,
          [tenantId, resource, holder, priority, lease, grantedAt, expiresAt, position],
        );
        await tx.query(`DELETE FROM registry_lock_waiters WHERE tenant_id = $1 AND resource = $2 AND holder = $3`, [
          tenantId,
          resource,
          holder,
        ]);
        await this.scheduleExpiry(tx, tenantId, resource, lease, expiresAt);
        return;
      }
      case 'LockRenewed': {
        const { lease, expiresAt } = event.data;
        await this.cancelExpiry(tx, tenantId, resource, lease);
        await tx.query(`UPDATE registry_locks SET expires_at = $4 WHERE tenant_id = $1 AND resource = $2 AND lease = $3`, [
          tenantId,
          resource,
          lease,
          expiresAt,
        ]);
        await this.scheduleExpiry(tx, tenantId, resource, lease, expiresAt);
        return;
      }
      case 'LockQueued': {
        const { holder, priority, ttlMs, requestedAt, arrival } = event.data;
        await tx.query(
          `INSERT INTO registry_lock_waiters (tenant_id, resource, holder, priority, priority_rank, ttl_ms, requested_at, arrival)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, resource, holder) DO NOTHING`,
          [tenantId, resource, holder, priority, priorityRank(priority), ttlMs, requestedAt, arrival],
        );
        return;
      }
      case 'LockReleased':
      case 'LockExpired':
        await this.cancelExpiry(tx, tenantId, resource, event.data.lease);
        await tx.query(`DELETE FROM registry_locks WHERE tenant_id = $1 AND resource = $2 AND lease = $3`, [
          tenantId,
          resource,
          event.data.lease,
        ]);
        return;
      case 'LockWaitAbandoned':
        await tx.query(`DELETE FROM registry_lock_waiters WHERE tenant_id = $1 AND resource = $2 AND holder = $3`, [
          tenantId,
          resource,
          event.data.holder,
        ]);
        return;
    }
  }

  private async scheduleExpiry(tx: Sql, tenantId: string, resource: string, lease: number, expiresAt: string): Promise<void> {
    const payload: LockExpiryPayload = { resource, lease };
    await scheduleDeadline(tx, {
      key: lockExpiryKey(tenantId, resource, lease, expiresAt),
      type: LOCK_EXPIRY_DEADLINE,
      tenantId,
      dueAt: new Date(expiresAt),
      payload,
    });
  }

  /** Cancels the pending deadline of the lease as the table knows it (before the row changes). */
  private async cancelExpiry(tx: Sql, tenantId: string, resource: string, lease: number): Promise<void> {
    const [row] = await tx.query<{ expires_at: Date }>(
      `SELECT expires_at FROM registry_locks WHERE tenant_id = $1 AND resource = $2 AND lease = $3`,
      [tenantId, resource, lease],
    );
    if (row) await cancelDeadline(tx, lockExpiryKey(tenantId, resource, lease, row.expires_at.toISOString()));
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM registry_lock_waiters');
    await tx.query('DELETE FROM registry_locks');
  }
}
