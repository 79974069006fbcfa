import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type { ArticleSource, ArticleStatus } from '../domain/article.types.js';
import type { Embedding } from './article-embedder.js';
import type { ArticleHit, ArticleView } from './article.view.js';
import { dotWithBytes } from '../../platform/llm/index.js';
import { LexemeFrequencies } from './lexeme-frequencies.js';

interface ArticleRow {
  id: string;
  title: string;
  content: string;
  tags: string[];
  source: ArticleSource;
  status: ArticleStatus;
  published_by: Actor;
  published_at: Date;
  revised_by: Actor | null;
  revised_at: Date | null;
  archived_by: Actor | null;
  archived_at: Date | null;
  archive_reason: string | null;
}

interface HitRow {
  id: string;
  title: string;
  tags: string[];
  source: ArticleSource;
  published_at: Date;
  highlight: string;
}

/** The page's columns are null unless every match fits in the page (then no second query is needed). */
type CandidateRow = { [K in keyof HitRow]: K extends 'id' ? string : HitRow[K] | null } & {
  embedding_model: string | null;
  embedding: Buffer | null;
  text_rank: number;
};

const toArticleView = (row: ArticleRow): ArticleView => ({
  id: row.id,
  title: row.title,
  content: row.content,
  tags: row.tags,
  source: row.source,
  status: row.status,
  publishedBy: row.published_by,
  publishedAt: row.published_at.toISOString(),
  revisedBy: row.revised_by,
  revisedAt: row.revised_at?.toISOString() ?? null,
  archivedBy: row.archived_by,
  archivedAt: row.archived_at?.toISOString() ?? null,
  archiveReason: row.archive_reason,
});

/**
 * How a text becomes a full-text query. `all`: the caller's search syntax (websearch_to_tsquery:
 * every word, "phrases", -exclusions, or). `any`: any of the text's words (plainto_tsquery's
 * lexemes joined by `|`), for a long text such as a problem description, which no article contains
 * word for word; it has no operators, so joining its lexemes stays a valid query.
 */
export type MatchMode = 'all' | 'any';
const TSQUERY: Record<MatchMode, string> = {
  all: `websearch_to_tsquery('english', $2)`,
  any: `replace(plainto_tsquery('english', $2)::text, ' & ', ' | ')::tsquery`,
};

/**
 * The share of the articles an `any` query reads to find its candidates (see SELECTIVE_WORDS_TSQUERY): ranking
 * costs ~10 µs a matched article (its tsvector read and ts_rank), so 5% of 10,000 is ~5 ms.
 */
export const CANDIDATE_SHARE = 0.05;

/** A lexeme as a tsquery operand: quoted, its quotes doubled and backslashes escaped. */
const QUOTED_LEXEME = `'''' || replace(replace(r.lexeme, '\\', '\\\\'), '''', '''''') || ''''`;

/**
 * Which articles an `any` query ranks at all (an `all` query ranks every match: a search's words are few
 * and all required, a handful of articles). The twenty words of a prompt, any of which may match, match nearly every
 * article (97.5% of the benchmark's 10,000: 110 ms to read and rank them all), and a word found in a fifth
 * of the articles says little about which one is meant. So the candidates are the articles that contain
 * one of the text's most selective words: its lexemes from the rarest up, as long as together they are
 * in at most CANDIDATE_SHARE of the articles (and at least the rarest one), by the LexemeFrequencies
 * ($4, $5); with no statistics yet every lexeme counts as 0, so every match is a candidate, as before.
 * The statistics are over all tenants: a word common elsewhere but rare in a tenant only means fewer
 * candidates for it. Each candidate is still ranked by ts_rank over the whole text, then by embedding.
 */
const SELECTIVE_WORDS_TSQUERY = `(
    SELECT string_agg(${QUOTED_LEXEME}, ' | ')::tsquery
      FROM (SELECT f.lexeme, sum(f.frequency) OVER rarest_first AS covered, row_number() OVER rarest_first AS rarest
              FROM (SELECT l.lexeme, coalesce(($4::jsonb ->> l.lexeme)::float8, $5::float8, 0) AS frequency
                      FROM unnest(tsvector_to_array(to_tsvector('english', $2))) l(lexeme)) f
            WINDOW rarest_first AS (ORDER BY f.frequency, f.lexeme)) r
     WHERE r.covered <= ${CANDIDATE_SHARE} OR r.rarest = 1)`;

/** Full-text candidates reranked by embedding: enough that a semantically close one ranked lower by words still makes the page. */
export const CANDIDATES = 50;
const HEADLINE = `'MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … ", StartSel=<mark>, StopSel=</mark>'`;

/** Reads the knowledge base's read model (the inline projection's rows). */
@Injectable()
export class ArticleReader {
  constructor(
    private readonly db: Database,
    private readonly frequencies: LexemeFrequencies,
  ) {}

  /** The article, if it is the tenant's (archived ones too). */
  async article(tenantId: string, articleId: string): Promise<ArticleView> {
    const [row] = await this.db.query<ArticleRow>(
      `SELECT id, title, content, tags, source, status, published_by, published_at, revised_by, revised_at, archived_by, archived_at, archive_reason
         FROM kb_articles WHERE id = $1 AND tenant_id = $2`,
      [articleId, tenantId],
    );
    if (!row) throw new NotFoundError('article', articleId);
    return toArticleView(row);
  }

  /**
   * Published articles matching `text`, best first. The GIN index finds the full-text matches (for
   * `any`, those of the text's selective words: SELECTIVE_WORDS_TSQUERY); the best CANDIDATES by ts_rank over
   * the whole text (normalized to 0…1) are reranked here by the dot product of their unit
   * embedding with the query's (cosine similarity; 0 for another model's vectors), score =
   * (rank + similarity) / 2; ts_headline runs only on the page returned, as it reads whole documents.
   * When all the matches fit in the page (a specific query: most have a handful), the page is every
   * match whatever the rerank, so the candidates' statement writes their highlights itself and no
   * second round trip is needed; otherwise a second statement highlights the page chosen.
   * It highlights any of the query's words: with fragments it marks only covers of the whole query,
   * and a word that matched in the title alone would leave the content unmarked.
   * The query is embedded only when something matched: a search that finds nothing (a quarter of
   * them in the benchmark) spares the gateway call and its budget reservation.
   */
  async search(
    tenantId: string,
    text: string,
    embedQuery: () => Promise<Embedding>,
    mode: MatchMode,
    limit: number,
  ): Promise<ArticleHit[]> {
    const pageSize = Math.min(limit, CANDIDATES);
    const bySelectiveWords = mode === 'any';
    let candidates = await this.candidates(tenantId, text, mode, pageSize, bySelectiveWords);
    // The selective words found fewer articles than the page (a misspelt or unknown word, a small tenant
    // in a table where its words are common elsewhere): judged by every word instead, as before, so
    // narrowing never cites less than the whole text would.
    if (bySelectiveWords && candidates.length < pageSize) candidates = await this.candidates(tenantId, text, mode, pageSize, false);
    if (candidates.length === 0) return [];
    const query = await embedQuery();
    const page = candidates
      .map((c) => {
        const similarity = c.embedding && c.embedding_model === query.model ? Math.max(0, dotWithBytes(c.embedding, query.vector)) : 0;
        return { candidate: c, textRank: c.text_rank, similarity, score: (c.text_rank + similarity) / 2 };
      })
      .sort((a, b) => b.score - a.score || (a.candidate.id < b.candidate.id ? -1 : 1))
      .slice(0, limit);
    if (page.length === 0) return [];
    const ready = page.flatMap(({ candidate: c }) =>
      c.title === null || c.tags === null || c.source === null || c.published_at === null || c.highlight === null
        ? []
        : [{ id: c.id, title: c.title, tags: c.tags, source: c.source, published_at: c.published_at, highlight: c.highlight }],
    );
    const highlighted =
      ready.length === page.length
        ? new Map(ready.map((row) => [row.id, row]))
        : await this.highlighted(
            tenantId,
            text,
            page.map((p) => p.candidate.id),
          );
    return page.flatMap((p) => {
      const row = highlighted.get(p.candidate.id);
      // An article archived between the two reads is left out.
      if (!row) return [];
      return [
        {
          id: row.id,
          title: row.title,
          tags: row.tags,
          source: row.source,
          publishedAt: row.published_at.toISOString(),
          score: p.score,
          textRank: p.textRank,
          similarity: p.similarity,
          highlight: row.highlight,
        },
      ];
    });
  }

  /**
   * The best CANDIDATES by ts_rank over the whole text among the articles it matches (with
   * `bySelectiveWords`, among those SELECTIVE_WORDS_TSQUERY matches). Only their
   * id, vector and rank go through the sort of every article matched; the page's columns and highlights
   * are joined to them only when those fit in the page (a gate the planner checks before reading
   * anything). The page never exceeds CANDIDATES, so "the candidates fit in the page" still means
   * "every candidate does".
   */
  private async candidates(
    tenantId: string,
    text: string,
    mode: MatchMode,
    pageSize: number,
    bySelectiveWords: boolean,
  ): Promise<CandidateRow[]> {
    const matching = bySelectiveWords ? SELECTIVE_WORDS_TSQUERY : TSQUERY[mode];
    const frequencies = bySelectiveWords ? await this.frequencies.table() : undefined;
    return this.db.query<CandidateRow>(
      `SELECT c.id, c.embedding_model, c.embedding, c.text_rank, h.title, h.tags, h.source, h.published_at, h.highlight
         FROM (SELECT t.*, count(*) OVER () AS candidates
                 FROM (SELECT a.id, a.embedding_model, a.embedding, ts_rank(a.search, q.query, 32)::float8 AS text_rank
                         FROM kb_articles a, (SELECT ${TSQUERY[mode]} AS query) q, (SELECT ${matching} AS query) m
                        WHERE a.search @@ m.query AND a.status = 'published' AND a.tenant_id = $1
                        ORDER BY text_rank DESC
                        LIMIT ${CANDIDATES}) t) c
         LEFT JOIN LATERAL (
              SELECT a.title, a.tags, a.source, a.published_at, ts_headline('english', a.content, ${TSQUERY.any}, ${HEADLINE}) AS highlight
                FROM kb_articles a
               WHERE a.id = c.id AND c.candidates <= $3) h ON true`,
      [tenantId, text, pageSize, ...(frequencies ? [frequencies.listed, frequencies.unlisted] : [])],
    );
  }

  /** The page's articles, still published, with their highlights. */
  private async highlighted(tenantId: string, text: string, ids: string[]): Promise<Map<string, HitRow>> {
    const rows = await this.db.query<HitRow>(
      `SELECT a.id, a.title, a.tags, a.source, a.published_at, ts_headline('english', a.content, q.query, ${HEADLINE}) AS highlight
         FROM kb_articles a, (SELECT ${TSQUERY.any} AS query) q
        WHERE a.id = ANY($1::text[]) AND a.tenant_id = $3 AND a.status = 'published'`,
      [ids, text, tenantId],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
