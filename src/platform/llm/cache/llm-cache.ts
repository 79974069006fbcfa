import { Logger } from '@nestjs/common';
import type { Sql } from '../../database/sql.js';

export interface CachedAnswer {
  provider: string;
  model: string;
  /** `{ text }` for chat, `{ vectors }` for embeddings. */
  response: { text?: string; vectors?: number[][] };
}

export interface LlmCache {
  get(key: string, now: number): Promise<CachedAnswer | undefined>;
  put(key: string, answer: CachedAnswer, now: number, ttlSeconds: number): Promise<void>;
}

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * The response cache in Postgres, shared by every replica. A cache that fails is a miss, never a
 * failed call: the answer can always be asked again.
 */
export class PostgresLlmCache implements LlmCache {
  private readonly logger = new Logger('LlmCache');
  private lastPurge = 0;

  constructor(private readonly sql: Sql) {}

  async get(key: string, now: number): Promise<CachedAnswer | undefined> {
    try {
      const rows = await this.sql.query<CachedAnswer>(
        'SELECT provider, model, response FROM llm_cache WHERE key = $1 AND expires_at > $2',
        [key, new Date(now)],
      );
      return rows[0];
    } catch (error) {
      this.logger.warn(`cache read failed, treating as a miss: ${(error as Error).message}`);
      return undefined;
    }
  }

  async put(key: string, answer: CachedAnswer, now: number, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    try {
      await this.sql.query(
        `INSERT INTO llm_cache (key, provider, model, response, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET provider = EXCLUDED.provider, model = EXCLUDED.model,
           response = EXCLUDED.response, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
        [key, answer.provider, answer.model, JSON.stringify(answer.response), new Date(now), new Date(now + ttlSeconds * 1000)],
      );
      // Expired rows are never read again; dropping them now and then keeps the table small.
      if (now - this.lastPurge > PURGE_EVERY_MS) {
        this.lastPurge = now;
        await this.sql.query('DELETE FROM llm_cache WHERE expires_at <= $1', [new Date(now)]);
      }
    } catch (error) {
      this.logger.warn(`cache write failed: ${(error as Error).message}`);
    }
  }
}
