import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Database } from '../database/database.js';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  { outcome: 'claimed' } | { outcome: 'replay'; response: StoredResponse } | { outcome: 'mismatch' } | { outcome: 'in_progress' };

interface IdempotencyRow {
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

const RETENTION_HOURS = 24;

/** Stored responses of requests sent with an Idempotency-Key, per organization, kept 24 hours. */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  /** Takes the key for this request, or tells what the first request with it became. */
  async claim(tenantId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
      [tenantId, key, requestHash],
    );
    if (inserted.length === 1) return { outcome: 'claimed' };
    const [row] = await this.db.query<IdempotencyRow>(
      `SELECT request_hash, status, response_status, response_headers, response_body
         FROM idempotency_keys WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key],
    );
    if (!row) return this.claim(tenantId, key, requestHash); // released in between: try again
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === 'in_progress') return { outcome: 'in_progress' };
    return {
      outcome: 'replay',
      response: { status: row.response_status ?? 200, headers: row.response_headers ?? {}, body: row.response_body },
    };
  }

  async complete(tenantId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_headers = $4, response_body = $5
        WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key, response.status, JSON.stringify(response.headers), JSON.stringify(response.body ?? null)],
    );
  }

  /** The request failed: nothing was stored, so the key may be used again. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status = 'in_progress'`, [tenantId, key]);
  }

  @Interval('idempotency-retention', 3_600_000)
  async expire(): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 hour'`, [RETENTION_HOURS]);
  }
}
