import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** Anything that runs a parameterised statement: the pool, or one client inside a transaction. */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export function sqlOf(client: Pool | PoolClient): Sql {
  return {
    async query<R extends QueryResultRow>(text: string, params?: readonly unknown[]) {
      const result = await client.query<R>(text, params as unknown[] | undefined);
      return result.rows;
    },
  };
}
