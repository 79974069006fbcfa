import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { type Page, pageOf } from '../../platform/http/pagination.js';

export interface LockWaiterView {
  holder: string;
  priority: string;
  ttlMs: number;
  requestedAt: string;
  position: number;
}

export interface LockStatusView {
  resource: string;
  locked: boolean;
  holder: { holder: string; priority: string; lease: number; grantedAt: string; expiresAt: string } | null;
  /** Next to get the lock first: by priority, then arrival. */
  queue: LockWaiterView[];
}

interface LockRow {
  resource: string;
  holder: string;
  priority: string;
  lease: number;
  granted_at: Date;
  expires_at: Date;
  position: string;
}

@Injectable()
export class ResourceLocksQueries {
  constructor(private readonly db: Database) {}

  async status(tenantId: string, resource: string): Promise<LockStatusView> {
    const [lock] = await this.db.query<LockRow>(`SELECT * FROM registry_locks WHERE tenant_id = $1 AND resource = $2`, [
      tenantId,
      resource,
    ]);
    return { resource, locked: lock !== undefined, holder: lock ? holderOf(lock) : null, queue: await this.queue(tenantId, resource) };
  }

  /** Held locks, in the order they were granted. */
  async held(tenantId: string, page: { after: number; limit: number }): Promise<Page<LockStatusView>> {
    const rows = await this.db.query<LockRow>(
      `SELECT * FROM registry_locks WHERE tenant_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
      [tenantId, page.after, page.limit + 1],
    );
    const result = pageOf(
      rows,
      page.limit,
      (row) => Number(row.position),
      (row) => row,
    );
    const items = await Promise.all(
      result.items.map(async (row) => ({
        resource: row.resource,
        locked: true,
        holder: holderOf(row),
        queue: await this.queue(tenantId, row.resource),
      })),
    );
    return { items, nextCursor: result.nextCursor };
  }

  private async queue(tenantId: string, resource: string): Promise<LockWaiterView[]> {
    const rows = await this.db.query<{ holder: string; priority: string; ttl_ms: number; requested_at: Date }>(
      `SELECT holder, priority, ttl_ms, requested_at FROM registry_lock_waiters
        WHERE tenant_id = $1 AND resource = $2 ORDER BY priority_rank, arrival`,
      [tenantId, resource],
    );
    return rows.map((row, index) => ({
      holder: row.holder,
      priority: row.priority,
      ttlMs: row.ttl_ms,
      requestedAt: row.requested_at.toISOString(),
      position: index + 1,
    }));
  }
}

function holderOf(row: LockRow): NonNullable<LockStatusView['holder']> {
  return {
    holder: row.holder,
    priority: row.priority,
    lease: row.lease,
    grantedAt: row.granted_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
