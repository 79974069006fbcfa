import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { Sql } from './sql.js';
import { sqlOf } from './sql.js';

/**
 * The platform's handle on Postgres: the pg pool that TypeORM's data source owns, so the whole
 * process shares one set of connections whichever API a module prefers.
 */
export class Database implements Sql {
  private readonly pooled: Sql;

  constructor(readonly pool: Pool) {
    this.pooled = sqlOf(pool);
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return this.pooled.query<R>(text, params);
  }

  /** Runs `work` in one transaction on one connection; commits if it resolves, rolls back if it throws. */
  async transaction<T>(work: (tx: Sql, client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(sqlOf(client), client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
