import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/decider/clock.js';
import { Database } from '../../platform/database/database.js';

/**
 * How common the lexemes of the articles' `search` vectors are, as a share of the articles: the
 * statistics ANALYZE (autovacuum) keeps for the column anyway (pg_stats' most_common_elems, the ~1,000
 * most common lexemes). `unlisted` is what a lexeme missing from the list counts as: half the least
 * common listed, as the planner estimates it; null when there are no statistics yet.
 */
export interface LexemeFrequencyTable {
  /** A JSON object, lexeme → share, for the search statement's parameter. */
  listed: string;
  unlisted: number | null;
}

/** Statistics change only when ANALYZE runs; reading them costs ~3 ms and 5 ms of planning, so not every search. */
export const LEXEME_FREQUENCIES_TTL_MS = 60_000;

/** The lexeme statistics of `kb_articles.search`, read at most once a minute per process. */
@Injectable()
export class LexemeFrequencies {
  private cached: { table: LexemeFrequencyTable; readAt: number } | null = null;
  private reading: Promise<LexemeFrequencyTable> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async table(): Promise<LexemeFrequencyTable> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.readAt < LEXEME_FREQUENCIES_TTL_MS) return this.cached.table;
    // Concurrent searches at expiry share one read.
    this.reading ??= this.read().then(
      (table) => {
        this.cached = { table, readAt: now };
        this.reading = null;
        return table;
      },
      (error: unknown) => {
        this.reading = null;
        throw error;
      },
    );
    return this.reading;
  }

  private async read(): Promise<LexemeFrequencyTable> {
    const rows = await this.db.query<{ lexeme: string; frequency: number }>(
      `SELECT e.lexeme, e.frequency::float8 AS frequency
         FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) e(lexeme, frequency)
        WHERE s.schemaname = current_schema() AND s.tablename = 'kb_articles' AND s.attname = 'search' AND e.lexeme IS NOT NULL`,
    );
    const listed = JSON.stringify(Object.fromEntries(rows.map((row) => [row.lexeme, row.frequency])));
    return { listed, unlisted: rows.length === 0 ? null : Math.min(...rows.map((row) => row.frequency)) / 2 };
  }
}
